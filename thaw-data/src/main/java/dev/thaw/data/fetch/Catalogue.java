package dev.thaw.data.fetch;

import dev.thaw.data.fetch.CatalogueEntry.Download;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The public datasets {@code thaw data fetch} knows. Checksums: GroupLens publishes the MD5 of each
 * archive (files.grouplens.org/datasets/movielens/*.zip.md5); the SHA-256 of unpacked MovieLens
 * files are those of the original files recorded in shared/data/README.md (ratings.dat has none
 * there, so only the archive MD5 vouches for it). The Amazon files' SHA-256 are those of the copies
 * in shared/data, which that README records as DisenCDR's published files at the pinned commit.
 */
public final class Catalogue {
    private static final String GROUPLENS = "https://files.grouplens.org/datasets/movielens/";
    private static final String DISENCDR_COMMIT = "4e6d60bad4d5185c99ab60423b48f87f88aa03a3";
    private static final String DISENCDR_RAW = "https://raw.githubusercontent.com/cjx96/DisenCDR/" + DISENCDR_COMMIT
            + "/dataset/";

    private static final List<CatalogueEntry> ENTRIES = List.of(
            new CatalogueEntry("ml-100k", "ml-100k",
                    "MovieLens 100K (GroupLens; research use only, no redistribution)",
                    List.of(new Download(URI.create(GROUPLENS + "ml-100k.zip"), "",
                            Optional.of(Checksum.md5("0e33842e24a9c977be4e0107933c0723")))),
                    sha256s(Map.of(
                            "u.data", "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490",
                            "u.item", "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701",
                            "u.user", "f120e114da2e8cf314fd28f99417c94ae9ddf1cb6db8ce0e4b5995d40e90e62c",
                            "u.genre", "9757e0d3e6b298159a80dd48eaf938114690e911e39af97a76949ef1663610bb",
                            "u.occupation", "cd5fbec9afe345d993a62fc7817df1a4a9079c4feb267b3118763b8fd942137d",
                            "u.info", "5b0a40b2e47a729ee6203063f6dcf8790c2e63f5a18663e6ee318a72c5f3c27b")),
                    GROUPLENS + "ml-100k.zip"),
            new CatalogueEntry("ml-1m", "ml-1m",
                    "MovieLens 1M (GroupLens; research use only, no redistribution)",
                    List.of(new Download(URI.create(GROUPLENS + "ml-1m.zip"), "",
                            Optional.of(Checksum.md5("c4d9eecfca2ab87c1945afe126590906")))),
                    withUnverified(sha256s(Map.of(
                            "users.dat", "1dc3a95300cb19f7c10e027daf29b8cdf1d908dab65b5edfb45950aa389a10a3",
                            "movies.dat", "0140fc2356357c1a851d0f52e893a1e4d3696df632c4141cea8d5bc3d621f0b9")),
                            "ratings.dat"),
                    GROUPLENS + "ml-1m.zip"),
            amazon());

    private Catalogue() {
    }

    /** All entries. */
    public static List<CatalogueEntry> entries() {
        return ENTRIES;
    }

    /** The entry of a name, or an error listing the names. */
    public static CatalogueEntry named(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new FetchException("unknown dataset '" + name + "'; known: "
                        + ENTRIES.stream().map(CatalogueEntry::name).collect(Collectors.joining(", "))));
    }

    /** The four DisenCDR scenarios, both folders each, with the SHA-256 of every file. */
    private static CatalogueEntry amazon() {
        Map<String, String> sha = new LinkedHashMap<>();
        String table = """
                sport_cloth 45c517a6fc7721f168411b69eb3f6e6ef896bbe06f599f6f7b4a5844ff925629 \
                7b43d370047f23cbc6862188aba53b3a3241948255584a1f3f5c189118f16490 \
                79c4f4ca9e6a694652df32c8eabc73f6b6e62719f9579e89a44210ccb0c2d460
                cloth_sport 3e039ec9baff975cb47722c4704f7d2103c2bbf2a3c30ed2d264e17b69d4fd0a \
                0d034810261027b080d506399426d3eb4f26b4b90a121fe79ebaef246a82b1bd \
                1e35975cd187d2d69a52cd6ae14f1ce8845ad0cba897ca65481e74c3ca487ff2
                phone_electronic a439eb3fdf4d08e58da1d86e1f711cf0acf59f28944d347ad4b3fb9454df54f9 \
                a3d0d2fb03c25994c3509af3acc6eeca5009b00751f9b12e28fdf52843a027c6 \
                9e7f12e47f649c721bbe4e45e49d59e3b4cf4aecea0f2f45ac007fa188077b65
                electronic_phone cb09610ab143478097937c235c4932fe39b5c664d434dd5abba3c5eb5d75f028 \
                322a8e4c7b5d10e2a3d91dbb2d7833eaf2ba684f4c5109dc1ea4e6ee08119c46 \
                b513255035eb30808e9cc396b180f48df7e6bbd6726ed7415c00f0aab78ba565
                sport_phone c55f3f576465795163f45cdb6df9484626dfbb12799393a7d06e4401cfcb6f3a \
                5ff3bc25da94612e7a35672edba277c4acc497cc8d87d268bca891e64dc98640 \
                78cd3e7fa755fc0c7ffe10ab61a20f3626ed81b099dfc633b08e59cf83dcc535
                phone_sport d38cd0da5379bbec03a19cc3eb95a8b52caeeb179dfb515ba2d894b1e193572d \
                1665b2846c5011ca870ff79bcfb3cc632aa3eeaa6ea9853ee45549ac0858b444 \
                17894bfdd8daecda579ca2f454b4a1282187efc52705b731dd16893c44a0abdb
                electronic_cloth fbccec759f2acfec35927c07a1a4bd911f75106de34d6b21e7d7a8a7ffc68e81 \
                1a1a5ce75f986052afc05337ea5d1e5ac44c7017f06f1ecc5ccadb523aadf08d \
                1db273571bb0e59f7d595c682d4074e9f976bcaf2fe21e15c4623bc16bc14686
                cloth_electronic 678124e0dbf8d162041f8b656bd5e89ee2a678df2c85812f94fd7c0bd2062f6f \
                0b604b69d3eb531bf99a11e2322f247694f7a593905e0c0c04c54e2a58fb0f78 \
                ab4c404114d7d641edfa1f5759ec1aae9b0cc5eb55c4d5ea61437c43c96b1800
                """;
        List<String> files = List.of("train.txt", "test.txt", "test_original.txt");
        table.lines().map(l -> l.split(" ")).forEach(row -> {
            for (int k = 0; k < files.size(); k++) {
                sha.put(row[0] + "/" + files.get(k), row[k + 1]);
            }
        });
        List<Download> downloads = sha.entrySet().stream().map(e -> new Download(
                URI.create(DISENCDR_RAW + e.getKey()), e.getKey(), Optional.of(Checksum.sha256(e.getValue()))))
                .toList();
        return new CatalogueEntry("amazon-cdr", "amazon-cdr-disencdr",
                "Amazon cross-domain pairs of DisenCDR (SIGIR'22), from Amazon reviews (J. McAuley; research use)",
                downloads, sha256s(sha), "https://github.com/cjx96/DisenCDR/tree/" + DISENCDR_COMMIT + "/dataset");
    }

    private static Map<String, Optional<Checksum>> sha256s(Map<String, String> hexByFile) {
        Map<String, Optional<Checksum>> out = new LinkedHashMap<>();
        hexByFile.forEach((file, hex) -> out.put(file, Optional.of(Checksum.sha256(hex))));
        return out;
    }

    private static Map<String, Optional<Checksum>> withUnverified(Map<String, Optional<Checksum>> files,
                                                                  String unverified) {
        Map<String, Optional<Checksum>> out = new LinkedHashMap<>(files);
        out.put(unverified, Optional.empty());
        return out;
    }
}
