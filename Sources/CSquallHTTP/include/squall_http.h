#ifndef SQUALL_HTTP_H
#define SQUALL_HTTP_H

#include <stddef.h>

/// The outcome of one GET: `ok` is 1 when a response arrived (whatever its status), else `error`
/// says why not. `body` is malloc'd; release it with squall_http_result_free.
typedef struct {
    int ok;
    long status;
    char *body;
    size_t length;
    char error[320];
} squall_http_result;

/// GETs an http(s) URL with libcurl, loaded on first use (dlopen): linking libcurl into the
/// executable would cost every CLI start ~20 ms. Follows up to 5 redirects (http/https only),
/// honours http_proxy/https_proxy/no_proxy, gives up after `timeout_seconds`, and refuses bodies
/// larger than `max_bytes`. Thread-safe.
void squall_http_get(const char *url, long timeout_seconds, size_t max_bytes, squall_http_result *result);

void squall_http_result_free(squall_http_result *result);

#endif
