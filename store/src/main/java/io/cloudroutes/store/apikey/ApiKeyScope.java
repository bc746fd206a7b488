package io.cloudroutes.store.apikey;

/** What an API key may do. */
public enum ApiKeyScope {
    /** Read everything its owner may read; change nothing (every POST, PUT, PATCH and DELETE is refused). */
    READ_ONLY,
    /** Everything its owner may do through the API. */
    READ_WRITE
}
