// libgit2, loaded at run time: linking it pulls ~8 shared libraries (mbedtls, libssh2, libcrypto, pcre2...)
// into every `squall` start, ~3 ms of dynamic loading, while only `pack install` uses git.
// Types and constants come from libgit2's own header; calls go through the squall_-prefixed functions below.
#ifndef SQUALL_GIT_H
#define SQUALL_GIT_H

#include <git2.h>
#include <stddef.h>

// Loads libgit2 (once per process) and initialises it. Returns 0, or -1 with a one-line reason in `error`.
int squall_git_load(char *error, size_t error_size);

// The libgit2 functions squall calls: (return type, name, parameters, arguments).
#define SQUALL_GIT_FUNCTIONS(X, V) \
    X(int, git_libgit2_init, (void), ()) \
    V(git_error_clear, (void), ()) \
    X(const git_error *, git_error_last, (void), ()) \
    X(int, git_clone, (git_repository **out, const char *url, const char *local_path, const git_clone_options *options), (out, url, local_path, options)) \
    X(int, git_clone_options_init, (git_clone_options *opts, unsigned int version), (opts, version)) \
    X(int, git_credential_ssh_key_new, (git_credential **out, const char *username, const char *publickey, const char *privatekey, const char *passphrase), (out, username, publickey, privatekey, passphrase)) \
    X(int, git_credential_username_new, (git_credential **out, const char *username), (out, username)) \
    X(int, git_credential_userpass_plaintext_new, (git_credential **out, const char *username, const char *password), (out, username, password)) \
    X(int, git_repository_open_ext, (git_repository **out, const char *path, unsigned int flags, const char *ceiling_dirs), (out, path, flags, ceiling_dirs)) \
    V(git_repository_free, (git_repository *repo), (repo)) \
    X(int, git_repository_is_bare, (const git_repository *repo), (repo)) \
    X(int, git_repository_set_head_detached, (git_repository *repo, const git_oid *committish), (repo, committish)) \
    X(int, git_tag_list, (git_strarray *tag_names, git_repository *repo), (tag_names, repo)) \
    V(git_strarray_dispose, (git_strarray *array), (array)) \
    X(int, git_branch_iterator_new, (git_branch_iterator **out, git_repository *repo, git_branch_t list_flags), (out, repo, list_flags)) \
    X(int, git_branch_next, (git_reference **out, git_branch_t *out_type, git_branch_iterator *iter), (out, out_type, iter)) \
    V(git_branch_iterator_free, (git_branch_iterator *iter), (iter)) \
    X(int, git_branch_name, (const char **out, const git_reference *ref), (out, ref)) \
    V(git_reference_free, (git_reference *ref), (ref)) \
    X(int, git_revparse_single, (git_object **out, git_repository *repo, const char *spec), (out, repo, spec)) \
    X(int, git_object_peel, (git_object **peeled, const git_object *object, git_object_t target_type), (peeled, object, target_type)) \
    X(int, git_object_lookup, (git_object **object, git_repository *repo, const git_oid *id, git_object_t type), (object, repo, id, type)) \
    X(const git_oid *, git_object_id, (const git_object *obj), (obj)) \
    V(git_object_free, (git_object *object), (object)) \
    X(int, git_oid_fromstr, (git_oid *out, const char *str), (out, str)) \
    X(char *, git_oid_tostr_s, (const git_oid *oid), (oid)) \
    X(int, git_checkout_options_init, (git_checkout_options *opts, unsigned int version), (opts, version)) \
    X(int, git_checkout_tree, (git_repository *repo, const git_object *treeish, const git_checkout_options *opts), (repo, treeish, opts)) \
    X(int, git_status_options_init, (git_status_options *opts, unsigned int version), (opts, version)) \
    X(int, git_status_list_new, (git_status_list **out, git_repository *repo, const git_status_options *opts), (out, repo, opts)) \
    X(size_t, git_status_list_entrycount, (git_status_list *statuslist), (statuslist)) \
    V(git_status_list_free, (git_status_list *statuslist), (statuslist))

// squall_git_clone(...) and so on: call only after squall_git_load succeeded.
#define SQUALL_GIT_DECLARE(type, name, parameters, arguments) type squall_##name parameters;
#define SQUALL_GIT_DECLARE_VOID(name, parameters, arguments) void squall_##name parameters;
SQUALL_GIT_FUNCTIONS(SQUALL_GIT_DECLARE, SQUALL_GIT_DECLARE_VOID)

#endif
