/* SPDX-License-Identifier: MIT */
#include "collector/privacy.h"
#include "lib/compat.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "lib/banned.h"

/* Path components (lower-cased) that name secrets. The OVS agent keeps its password in
 * passwdfile; certificates and keys live next to agent.ini (a 2010 OVM sos plugin shipped both). */
static const char *const forbidden_substr[] = {
    "passw", "secret", "shadow", "private", "keystore", "credential", "id_rsa", "id_dsa",
    "id_ecdsa", "id_ed25519", "_key", "-key", ".key", "ssh_host_",
};
static const char *const forbidden_suffix[] = { ".pem", ".p12", ".pfx", ".jks", ".keytab", ".gpg" };
static const char *const forbidden_whole[] = { "key", "keys", "cert", "certs", ".ssh", ".gnupg" };

static bool component_forbidden(const char *c, size_t n, const char **why)
{
    char low[256];
    size_t i, sl;

    if (n >= sizeof(low))
        n = sizeof(low) - 1;
    for (i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)c[i]);
    low[n] = '\0';
    for (i = 0; i < ARRAY_SIZE(forbidden_whole); i++) {
        if (!strcmp(low, forbidden_whole[i])) {
            *why = "names a key or certificate store";
            return true;
        }
    }
    for (i = 0; i < ARRAY_SIZE(forbidden_substr); i++) {
        if (strstr(low, forbidden_substr[i])) {
            *why = "names a password, key or secret";
            return true;
        }
    }
    for (i = 0; i < ARRAY_SIZE(forbidden_suffix); i++) {
        sl = strlen(forbidden_suffix[i]);
        if (n >= sl && !strcmp(low + n - sl, forbidden_suffix[i])) {
            *why = "is a key or certificate file";
            return true;
        }
    }
    return false;
}

const char *privacy_forbidden(const char *path)
{
    const char *p = path, *why = NULL, *slash;

    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        slash = strchr(p, '/');
        if (component_forbidden(p, slash ? (size_t)(slash - p) : strlen(p), &why))
            return why;
        if (!slash)
            break;
        p = slash;
    }
    return NULL;
}

static const char *const secret_stems[] = { "passw", "passphrase", "secret", "pwd", "credential" };

static bool is_ident(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '-' || c == '.';
}

static bool stem_at(const char *p, size_t left, size_t *stem_len)
{
    size_t i, j, n;

    for (i = 0; i < ARRAY_SIZE(secret_stems); i++) {
        n = strlen(secret_stems[i]);
        if (n > left)
            continue;
        for (j = 0; j < n; j++)
            if (tolower((unsigned char)p[j]) != secret_stems[i][j])
                break;
        if (j == n) {
            *stem_len = n;
            return true;
        }
    }
    return false;
}

static void mask_range(char *d, size_t from, size_t to, size_t *count)
{
    size_t i;
    bool changed = false;

    for (i = from; i < to; i++) {
        if (d[i] != '*') {
            d[i] = '*';
            changed = true;
        }
    }
    if (changed)
        (*count)++;
}

/* d[i] starts a secret-looking key; mask its value if a separator follows. Returns the index
 * to continue scanning from. */
static size_t mask_value_after_key(char *d, size_t len, size_t i, size_t *count)
{
    size_t ks = i, j, v;
    bool sxp;
    char q;

    while (ks > 0 && is_ident((unsigned char)d[ks - 1]))
        ks--;
    j = i;
    while (j < len && is_ident((unsigned char)d[j]))
        j++;
    if (j < len && (d[j] == '"' || d[j] == '\''))
        j++;
    v = j;
    while (j < len && (d[j] == ' ' || d[j] == '\t'))
        j++;
    sxp = ks > 0 && d[ks - 1] == '(' && j > v;
    if (j < len && (d[j] == '=' || d[j] == ':')) {
        j++;
        if (j < len && d[j] == '=')   /* "==" is a comparison, not an assignment */
            return j;
    } else if (!sxp) {
        return j;
    }
    while (j < len && (d[j] == ' ' || d[j] == '\t'))
        j++;
    if (j + 1 < len && (d[j] == 'u' || d[j] == 'b') && (d[j + 1] == '\'' || d[j + 1] == '"'))
        j++;
    if (j >= len || d[j] == '\n')
        return j;
    if (d[j] == '\'' || d[j] == '"') {
        q = d[j++];
        v = j;
        while (j < len && d[j] != '\n' && d[j] != q) {
            if (d[j] == '\\' && j + 1 < len && d[j + 1] != '\n')
                j++;
            j++;
        }
        mask_range(d, v, MIN(j, len), count);
        return j;
    }
    v = j;
    while (j < len && !isspace((unsigned char)d[j]) && !strchr(",;)]}", d[j]))
        j++;
    mask_range(d, v, j, count);
    return j;
}

/* "scheme://user:password@host": mask the password. */
static size_t mask_url_password(char *d, size_t len, size_t i, size_t *count)
{
    size_t j = i + 3, colon = 0;

    while (j < len && !isspace((unsigned char)d[j]) && d[j] != '/' && d[j] != '@') {
        if (d[j] == ':' && !colon)
            colon = j;
        j++;
    }
    if (j < len && d[j] == '@' && colon && colon + 1 < j)
        mask_range(d, colon + 1, j, count);
    return j;
}

/* Bytes that may start a trigger: the first letters of the stems (either case) and ':' of
 * "://". Most bytes of a log are none of these, and most that are fail the second-byte test
 * below: stem_at runs only on "pa", "pw", "se", "cr" (any case). */
static const unsigned char trigger[256] = {
    [':'] = 1, ['p'] = 1, ['P'] = 1, ['s'] = 1, ['S'] = 1, ['c'] = 1, ['C'] = 1,
};

static bool stem_second(unsigned char c0, unsigned char c1)
{
    c0 |= 0x20;
    c1 |= 0x20;
    if (c0 == 'p')
        return c1 == 'a' || c1 == 'w';
    if (c0 == 's')
        return c1 == 'e';
    return c1 == 'r';   /* 'c' */
}

size_t privacy_mask(char *d, size_t len)
{
    const unsigned char *u = (const unsigned char *)d;
    size_t i = 0, count = 0, sl;

    while (i < len) {
        unsigned char c = u[i];
        if (!trigger[c] || i + 1 >= len) {
            i++;
            continue;
        }
        if (c == ':') {
            if (i + 2 < len && d[i + 1] == '/' && d[i + 2] == '/') {
                i = mask_url_password(d, len, i, &count);
                continue;
            }
        } else if (stem_second(c, u[i + 1]) && stem_at(d + i, len - i, &sl)) {
            i = mask_value_after_key(d, len, i + sl, &count);
            continue;
        }
        i++;
    }
    return count;
}
