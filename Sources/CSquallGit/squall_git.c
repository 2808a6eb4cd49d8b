#include "squall_git.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// One pointer per function, filled by dlsym.
#define POINTER(type, name, parameters, arguments) static type (*name##_pointer) parameters;
#define POINTER_VOID(name, parameters, arguments) static void (*name##_pointer) parameters;
SQUALL_GIT_FUNCTIONS(POINTER, POINTER_VOID)

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];
static int loaded;

static void load_libgit2(void) {
    // The soname of the headers we were built against: another ABI would misread the option structs.
    const char *soname = "libgit2.so." LIBGIT2_SOVERSION;
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "libgit2 is not installed (%s; Debian package libgit2-1.5 or newer as built)", soname);
        return;
    }
#define LOOKUP(type, name, parameters, arguments)                                                  \
    *(void **)&name##_pointer = dlsym(library, #name);                                            \
    if (name##_pointer == NULL) {                                                                 \
        snprintf(load_error, sizeof load_error, "the libgit2 found (%s) lacks %s", soname, #name); \
        return;                                                                                   \
    }
#define LOOKUP_VOID(name, parameters, arguments) LOOKUP(void, name, parameters, arguments)
    SQUALL_GIT_FUNCTIONS(LOOKUP, LOOKUP_VOID)
    if (git_libgit2_init_pointer() < 0) {
        snprintf(load_error, sizeof load_error, "libgit2 failed to initialise");
        return;
    }
    loaded = 1;
}

int squall_git_load(char *error, size_t error_size) {
    pthread_once(&load_once, load_libgit2);
    if (!loaded) {
        if (error != NULL && error_size > 0) snprintf(error, error_size, "%s", load_error);
        return -1;
    }
    return 0;
}

// The wrappers: each calls the loaded function.
#define FORWARD(type, name, parameters, arguments) type squall_##name parameters { return name##_pointer arguments; }
#define FORWARD_VOID(name, parameters, arguments) void squall_##name parameters { name##_pointer arguments; }
SQUALL_GIT_FUNCTIONS(FORWARD, FORWARD_VOID)
