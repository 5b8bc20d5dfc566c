/* SPDX-License-Identifier: MIT */
/* ovmid.c: decoding of Oracle VM object ids (see ovmid.h). The type codes are those verified
 * in ovm-knowledge.md §3.2 from the OVM Manager WS-API fixtures, CloudStack tests and vm.cfg. */
#include "analyzers/ovmid.h"
#include "lib/compat.h"

#include <string.h>

#include "lib/banned.h"

static const struct {
    const char *code;
    const char *type;
} ovmid_types[] = {
    { "01", "manager" },        { "02", "server_pool" },     { "03", "repository" },
    { "05", "file_system" },    { "06", "vm" },              { "07", "virtual_nic" },
    { "09", "storage_array" },  { "12", "virtual_disk" },    { "13", "vm_disk_mapping" },
    { "14", "vm_template" },    { "15", "virtual_cdrom" },   { "18", "storage_element" },
};

static int hex_lower(char c)
{
    if (c >= '0' && c <= '9')
        return c;
    if (c >= 'a' && c <= 'f')
        return c;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 'a';
    return 0;
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool ovmid_canon(const char *s, size_t len, char out[OVMID_LEN + 1])
{
    static const size_t dashes[] = { 8, 13, 18, 23 };
    char id[OVMID_LEN + 1];
    size_t n, i, k = 0, d = 0, ext;
    int c;

    if (!s)
        return false;
    if (len >= 36 && s[8] == '-')
        n = 36;
    else if (len >= 32)
        n = 32;
    else
        return false;
    if (len > n) {
        /* One extension: ".img", ".iso", at most 8 letters or digits. */
        ext = len - n - 1;
        if (s[n] != '.' || ext < 1 || ext > 8)
            return false;
        for (i = n + 1; i < len; i++)
            if (!is_alnum(s[i]))
                return false;
    }
    for (i = 0; i < n; i++) {
        if (n == 36 && d < 4 && i == dashes[d]) {
            if (s[i] != '-')
                return false;
            d++;
            continue;
        }
        if (!(c = hex_lower(s[i])))
            return false;
        id[k++] = (char)c;
    }
    if (k != OVMID_LEN)
        return false;
    id[k] = '\0';
    memcpy(out, id, sizeof(id));
    return true;
}

const char *ovmid_type(const char *s, size_t len)
{
    char id[OVMID_LEN + 1];
    size_t i;

    if (!ovmid_canon(s, len, id))
        return NULL;
    if (memcmp(id, "0004fb0000", 10) || memcmp(id + 12, "0000", 4))
        return NULL;
    for (i = 0; i < ARRAY_SIZE(ovmid_types); i++)
        if (!memcmp(id + 10, ovmid_types[i].code, 2))
            return ovmid_types[i].type;
    return NULL;
}

bool ovmid_repo_of_path(const char *path, char *out, size_t size)
{
    static const char key[] = "OVS/Repositories/";
    const char *p = strstr(path, key), *s;
    size_t n;

    if (!p || (p != path && p[-1] != '/'))
        return false;
    s = p + sizeof(key) - 1;
    n = strcspn(s, "/");
    if (!s[n] && n > 5 && !strcmp(s + n - 5, ".json"))
        n -= 5;
    if (!n || n >= size)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}
