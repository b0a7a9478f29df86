package dev.thaw.service;

import java.nio.file.Path;

/**
 * How to run the service.
 *
 * @param host          address to listen on
 * @param port          port (0: any free port)
 * @param model         model folder written by training
 * @param store         {@code sqlite:<file>} or a {@code jdbc:postgresql://} URL
 * @param storeUser     database user (null: from the URL)
 * @param storePassword database password (null: from the URL)
 * @param apiKey        key that write endpoints require in {@code X-API-Key}; null turns the check off
 * @param adminKey      key that {@code POST /v1/admin/*} requires instead; null turns the check off
 * @param maxBodyBytes  largest accepted request body
 * @param cacheSize     users whose adaptation results are kept (0: no cache)
 */
public record ServiceConfig(String host, int port, Path model, String store, String storeUser, String storePassword,
                            String apiKey, String adminKey, int maxBodyBytes, int cacheSize) {
    /** Default request body limit: 64 KiB. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;
    /** Default number of cached users. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    public ServiceConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1024 bytes, got " + maxBodyBytes);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("the cache size must be >= 0, got " + cacheSize);
        }
        for (String key : new String[] {apiKey, adminKey}) {
            if (key != null && key.length() < 8) {
                throw new IllegalArgumentException("API keys must have at least 8 characters");
            }
        }
    }

    /** Loopback, defaults for limits, no database credentials, one key for writes and administration. */
    public static ServiceConfig local(int port, Path model, String store, String apiKey) {
        return new ServiceConfig("127.0.0.1", port, model, store, null, null, apiKey, apiKey, DEFAULT_MAX_BODY,
                DEFAULT_CACHE_SIZE);
    }
}
