#include "squall_http.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libcurl's ABI-stable numbers (curl/curl.h), spelled out so that building needs no libcurl headers.
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_WRITEFUNCTION = 20011,
    OPT_TIMEOUT = 13, OPT_USERAGENT = 10018, OPT_FOLLOWLOCATION = 52, OPT_MAXREDIRS = 68,
    OPT_CONNECTTIMEOUT = 78, OPT_NOSIGNAL = 99, OPT_ACCEPT_ENCODING = 10102,
    OPT_PROTOCOLS = 181, OPT_REDIR_PROTOCOLS = 182,
    PROTO_HTTP_HTTPS = 3, INFO_RESPONSE_CODE = 0x200002, GLOBAL_DEFAULT = 3, CURL_ERROR_BUFFER = 256,
    OPT_PROXY = 10004, OPT_POSTFIELDS = 10015, OPT_COOKIE = 10022, OPT_HTTPHEADER = 10023, OPT_HEADERDATA = 10029,
    OPT_CUSTOMREQUEST = 10036, OPT_NOBODY = 44, OPT_POST = 47, OPT_POSTFIELDSIZE = 60, OPT_SSL_VERIFYPEER = 64,
    OPT_HEADERFUNCTION = 20079, OPT_HTTPGET = 80, OPT_SSL_VERIFYHOST = 81, OPT_HTTPAUTH = 107,
    OPT_TIMEOUT_MS = 155, OPT_CONNECTTIMEOUT_MS = 156, OPT_USERNAME = 10173, OPT_PASSWORD = 10174,
    AUTH_BASIC = 1, ERROR_OPERATION_TIMEDOUT = 28,
};

struct curl_slist;

typedef void CURL;
typedef size_t (*write_callback)(char *, size_t, size_t, void *);

static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char load_error[200];
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_libcurl(void) {
    // The OpenSSL build first (Swift's own Foundation uses it), then the GnuTLS one git brings.
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        snprintf(curl.load_error, sizeof curl.load_error, "libcurl is not installed (libcurl.so.4; Debian package libcurl4)");
        return;
    }
    *(void **)&curl.global_init = dlsym(library, "curl_global_init");
    *(void **)&curl.easy_init = dlsym(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = dlsym(library, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = dlsym(library, "curl_easy_cleanup");
    *(void **)&curl.easy_strerror = dlsym(library, "curl_easy_strerror");
    *(void **)&curl.slist_append = dlsym(library, "curl_slist_append");
    *(void **)&curl.slist_free_all = dlsym(library, "curl_slist_free_all");
    if (!curl.slist_append || !curl.slist_free_all || !curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo ||
        !curl.easy_cleanup || !curl.easy_strerror) {
        snprintf(curl.load_error, sizeof curl.load_error, "the libcurl found lacks the easy interface");
        curl.easy_init = NULL;
        return;
    }
    // Not thread-safe in libcurl, hence once.
    if (curl.global_init(GLOBAL_DEFAULT) != 0) {
        snprintf(curl.load_error, sizeof curl.load_error, "libcurl failed to initialise");
        curl.easy_init = NULL;
    }
}

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
    size_t limit;
    int too_large;
} buffer;

static size_t append(char *chunk, size_t size, size_t count, void *context) {
    buffer *target = context;
    size_t bytes = size * count;
    if (target->length + bytes > target->limit) {
        target->too_large = 1;
        return 0; // makes libcurl stop with a write error
    }
    if (target->length + bytes + 1 > target->capacity) {
        size_t capacity = target->capacity ? target->capacity : 65536;
        while (capacity < target->length + bytes + 1) capacity *= 2;
        char *grown = realloc(target->data, capacity);
        if (grown == NULL) return 0;
        target->data = grown;
        target->capacity = capacity;
    }
    memcpy(target->data + target->length, chunk, bytes);
    target->length += bytes;
    target->data[target->length] = 0;
    return bytes;
}

void squall_http_get(const char *url, long timeout_seconds, size_t max_bytes, squall_http_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&load_once, load_libcurl);
    if (curl.easy_init == NULL) {
        snprintf(result->error, sizeof result->error, "%s", curl.load_error);
        return;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(result->error, sizeof result->error, "libcurl could not start a transfer");
        return;
    }
    buffer body = {.limit = max_bytes};
    char error[CURL_ERROR_BUFFER] = {0};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, error);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, (write_callback)append);
    curl.easy_setopt(handle, OPT_WRITEDATA, (void *)&body);
    curl.easy_setopt(handle, OPT_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
    curl.easy_setopt(handle, OPT_REDIR_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(handle, OPT_MAXREDIRS, 5L);
    curl.easy_setopt(handle, OPT_TIMEOUT, timeout_seconds);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT, timeout_seconds < 10 ? timeout_seconds : 10L);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L); // no SIGALRM for timeouts: we are multi-threaded
    curl.easy_setopt(handle, OPT_ACCEPT_ENCODING, ""); // whatever compression this libcurl supports
    curl.easy_setopt(handle, OPT_USERAGENT, "squall");
    int code = curl.easy_perform(handle);
    if (code == 0) {
        result->ok = 1;
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &result->status);
        result->body = body.data;
        result->length = body.length;
    } else {
        if (body.too_large) {
            snprintf(result->error, sizeof result->error, "larger than %zu bytes", max_bytes);
        } else {
            snprintf(result->error, sizeof result->error, "%s", error[0] ? error : curl.easy_strerror(code));
        }
        free(body.data);
    }
    curl.easy_cleanup(handle);
}

void squall_http_result_free(squall_http_result *result) {
    free(result->body);
    result->body = NULL;
    result->length = 0;
}

// A redirect's header block is replaced by the next response's: only the last one is reported.
static size_t append_header(char *chunk, size_t size, size_t count, void *context) {
    buffer *target = context;
    size_t bytes = size * count;
    if (bytes >= 5 && memcmp(chunk, "HTTP/", 5) == 0) target->length = 0;
    return append(chunk, size, count, context) == bytes ? bytes : 0;
}

void squall_http_request(const squall_http_request_spec *spec, squall_http_response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&load_once, load_libcurl);
    if (curl.easy_init == NULL) {
        snprintf(response->error, sizeof response->error, "%s", curl.load_error);
        return;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(response->error, sizeof response->error, "libcurl could not start a transfer");
        return;
    }
    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < spec->header_count; i++) headers = curl.slist_append(headers, spec->headers[i]);
    buffer body = {.limit = spec->max_bytes};
    buffer header_block = {.limit = 1 << 20};
    char error[CURL_ERROR_BUFFER] = {0};
    curl.easy_setopt(handle, OPT_URL, spec->url);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, error);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, (write_callback)append);
    curl.easy_setopt(handle, OPT_WRITEDATA, (void *)&body);
    curl.easy_setopt(handle, OPT_HEADERFUNCTION, (write_callback)append_header);
    curl.easy_setopt(handle, OPT_HEADERDATA, (void *)&header_block);
    curl.easy_setopt(handle, OPT_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
    curl.easy_setopt(handle, OPT_REDIR_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, spec->follow_redirects ? 1L : 0L);
    curl.easy_setopt(handle, OPT_MAXREDIRS, 30L);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, spec->timeout_milliseconds);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, spec->timeout_milliseconds);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, OPT_SSL_VERIFYPEER, spec->verify_tls ? 1L : 0L);
    curl.easy_setopt(handle, OPT_SSL_VERIFYHOST, spec->verify_tls ? 2L : 0L);
    if (headers) curl.easy_setopt(handle, OPT_HTTPHEADER, headers);
    if (spec->cookie) curl.easy_setopt(handle, OPT_COOKIE, spec->cookie);
    if (spec->proxy) curl.easy_setopt(handle, OPT_PROXY, spec->proxy);
    if (spec->username || spec->password) {
        curl.easy_setopt(handle, OPT_HTTPAUTH, (long)AUTH_BASIC);
        curl.easy_setopt(handle, OPT_USERNAME, spec->username ? spec->username : "");
        curl.easy_setopt(handle, OPT_PASSWORD, spec->password ? spec->password : "");
    }
    const char *method = spec->method ? spec->method : "GET";
    if (strcmp(method, "HEAD") == 0) {
        curl.easy_setopt(handle, OPT_NOBODY, 1L); // a custom HEAD would wait for a body that never comes
    } else {
        if (spec->body) {
            curl.easy_setopt(handle, OPT_POSTFIELDSIZE, (long)spec->body_length);
            curl.easy_setopt(handle, OPT_POSTFIELDS, spec->body);
        } else if (strcmp(method, "POST") == 0) {
            curl.easy_setopt(handle, OPT_POSTFIELDSIZE, 0L);
            curl.easy_setopt(handle, OPT_POSTFIELDS, "");
        } else {
            curl.easy_setopt(handle, OPT_HTTPGET, 1L);
        }
        // POST keeps libcurl's own verb so a 301/302/303 turns it into GET as python-requests does;
        // any other verb is sent as given (and kept across redirects, as requests keeps it).
        if (strcmp(method, "POST") != 0 && strcmp(method, "GET") != 0) {
            curl.easy_setopt(handle, OPT_CUSTOMREQUEST, method);
        } else if (strcmp(method, "GET") == 0 && spec->body) {
            curl.easy_setopt(handle, OPT_CUSTOMREQUEST, "GET");
        }
    }
    int code = curl.easy_perform(handle);
    if (code == 0) {
        response->ok = 1;
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &response->status);
        response->body = body.data;
        response->length = body.length;
        response->headers = header_block.data;
        response->headers_length = header_block.length;
    } else {
        response->timed_out = code == ERROR_OPERATION_TIMEDOUT;
        if (body.too_large) {
            snprintf(response->error, sizeof response->error, "response body larger than %zu bytes", spec->max_bytes);
        } else {
            snprintf(response->error, sizeof response->error, "%s", error[0] ? error : curl.easy_strerror(code));
        }
        free(body.data);
        free(header_block.data);
    }
    curl.easy_cleanup(handle);
    if (headers) curl.slist_free_all(headers);
}

void squall_http_response_free(squall_http_response *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}
