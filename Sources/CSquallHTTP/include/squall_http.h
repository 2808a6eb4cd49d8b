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

/// One request of the http-request runner. Strings are NUL-terminated; NULL leaves an option off.
typedef struct {
    const char *method;            // "GET", "POST", "HEAD", "PUT", ...
    const char *url;
    const char *const *headers;    // "Name: value" lines
    size_t header_count;
    const char *body;              // sent when non-NULL (any method but HEAD)
    size_t body_length;
    const char *username;          // basic authentication when either is non-NULL
    const char *password;
    const char *cookie;            // "a=1; b=2"
    const char *proxy;             // for this URL's scheme
    int follow_redirects;
    int verify_tls;
    long timeout_milliseconds;
    size_t max_bytes;              // cap on the body kept
} squall_http_request_spec;

/// The outcome of one request: `ok` is 1 when a response arrived, else `error` says why and
/// `timed_out` says whether the deadline passed. `headers` holds the last response's header block
/// (status line first, CRLF-separated); both buffers are malloc'd: release with squall_http_response_free.
typedef struct {
    int ok;
    int timed_out;
    long status;
    char *headers;
    size_t headers_length;
    char *body;
    size_t length;
    char error[320];
} squall_http_response;

/// Performs one request with libcurl (loaded on first use). Redirects are followed (at most 30, as
/// python-requests) only when asked, http/https only. Thread-safe.
void squall_http_request(const squall_http_request_spec *spec, squall_http_response *response);

void squall_http_response_free(squall_http_response *response);

#endif
