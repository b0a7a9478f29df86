package dev.thaw.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A content hash of a dataset: SHA-256 over every interaction (raw user id, raw item id, value,
 * timestamp, in row order) and every side-feature row. Two runs trained on the same rows have the
 * same fingerprint whatever files they came from; a changed, added or dropped row changes it.
 */
public final class DataFingerprint {
    private DataFingerprint() {
    }

    /** The fingerprint of {@code dataset}, as {@code sha256:<hex>}. */
    public static String of(RecDataset dataset) {
        MessageDigest digest = sha256();
        Interactions log = dataset.interactions();
        for (int r = 0; r < log.size(); r++) {
            update(digest, log.users().raw(log.user(r)) + '\t' + log.items().raw(log.item(r)) + '\t'
                    + Float.floatToIntBits(log.value(r)) + '\t' + log.timestamp(r) + '\n');
        }
        updateTable(digest, "users", dataset.userFeatures());
        updateTable(digest, "items", dataset.itemFeatures());
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static void updateTable(MessageDigest digest, String label, Optional<FeatureTable> table) {
        update(digest, "#" + label + '\n');
        table.ifPresent(t -> {
            for (Map<String, Object> row : t.rows()) {
                for (FeatureTable.FeatureField field : t.fields()) {
                    update(digest, field.name() + '=' + row.get(field.name()) + '\t');
                }
                update(digest, "\n");
            }
        });
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256", e);
        }
    }
}
