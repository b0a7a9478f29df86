package dev.thaw.data.fetch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A public dataset that {@link Fetcher} can install.
 *
 * @param name           the name users type, e.g. {@code ml-1m}
 * @param folder         the folder it is installed as, under the target directory
 * @param description    one line: what it is and its terms
 * @param downloads      what to download
 * @param installedFiles files (relative to the folder) that must exist afterwards, with the SHA-256 each
 *                       must have where it is known for certain
 * @param manualSource   where a user without network access can get the files by hand
 */
public record CatalogueEntry(String name, String folder, String description, List<Download> downloads,
                             Map<String, Optional<Checksum>> installedFiles, String manualSource) {
    public CatalogueEntry {
        downloads = List.copyOf(downloads);
        installedFiles = Map.copyOf(installedFiles);
    }

    /**
     * One file to download.
     *
     * @param url      where from
     * @param savedAs  for a plain file, its path inside the folder; for a zip archive, empty
     * @param checksum the archive's or file's published digest, when there is one
     */
    public record Download(URI url, String savedAs, Optional<Checksum> checksum) {
        /** True for a zip archive to unpack into the folder. */
        public boolean isZip() {
            return savedAs.isEmpty();
        }
    }
}
