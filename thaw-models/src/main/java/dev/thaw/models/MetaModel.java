package dev.thaw.models;

import dev.thaw.data.task.FeatureBatch;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.meta.InnerLoop;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import java.util.List;

/**
 * A model meta-trained with MAML over rating tasks: it predicts a rating per batch row from the
 * weights it is given, names the parameters its local update changes, and says how many local
 * steps of which order to take while training and while adapting to a new task.
 */
public interface MetaModel extends RatingModel {
    /** The parameters the local update changes; the global update changes all of them. */
    List<Parameter> localParameters();

    /**
     * The sum over tasks of each task's mean squared error, computed in one graph with
     * task-batched weights (a leading task axis on every local parameter), as
     * {@link InnerLoop#adaptBatched} needs. Tasks may have different row counts.
     */
    Tensor taskBatchedLoss(Weights weights, List<FeatureBatch> batches);

    /** The local update used during meta-training (order as configured). */
    InnerLoop trainingUpdate();

    /** The local update used to adapt to a new task at evaluation or serving time (first order: no graph kept). */
    InnerLoop adaptationUpdate();

    /**
     * The fast weights for one task: the local update on its (non-empty) support rows, from
     * {@code start}; {@code training} picks {@link #trainingUpdate} (kept in the graph as configured)
     * or {@link #adaptationUpdate}. Models whose adaptation is more than gradient steps override this.
     */
    default Weights adapt(Weights start, FeatureBatch support, boolean training) {
        InnerLoop inner = training ? trainingUpdate() : adaptationUpdate();
        return inner.adapt(start, w -> loss(w, support));
    }

    /**
     * The training-time fast weights of several tasks in one graph, with a leading task axis on
     * every adapted tensor (see {@link InnerLoop#adaptBatched}); every support set must be non-empty.
     */
    default Weights adaptBatched(Weights start, List<FeatureBatch> supports) {
        return trainingUpdate().adaptBatched(start, supports.size(), w -> taskBatchedLoss(w, supports));
    }
}
