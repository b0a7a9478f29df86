package dev.thaw.engine.nn;

import dev.thaw.engine.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/** Fully connected layers with an activation between them (none after the last). */
public final class Mlp extends Module implements Layer {
    private final List<Linear> layers = new ArrayList<>();
    private final Activation activation;

    /** sizes = [in, hidden..., out]. */
    public Mlp(int[] sizes, Activation activation, RandomGenerator rng) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes");
        }
        this.activation = activation;
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(child("layer" + i, new Linear(sizes[i], sizes[i + 1], true, rng)));
        }
    }

    /** The linear layers in order. */
    public List<Linear> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Tensor forward(Weights weights, Tensor x) {
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(weights, h);
            if (i + 1 < layers.size()) {
                h = activation.apply(h);
            }
        }
        return h;
    }
}
