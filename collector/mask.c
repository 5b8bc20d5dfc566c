/* SPDX-License-Identifier: MIT */
/* mask.c: keyed pseudonyms and the text scanner behind `collect --mask` and `mask-verify`.
 * Names are matched through an index of their first three (lower-cased) bytes, longest name
 * first, so a scan costs one table probe per word start whatever the number of names. */
#include "collector/mask.h"
#include "lib/hmac.h"
#include "lib/xalloc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "lib/banned.h"

#define NBUCKETS 4096

struct mentry {
    enum mask_class cls;
    char *orig;        /* as learned (names) or canonical (addresses) */
    char *lkey;        /* lower-cased orig: what the name index compares */
    size_t olen;
    char *pseudo;
};

struct slot {
    char *key;         /* "n:name", "p:pseudonym", "4:a.b.c.d", "6:canon", "m:aa:bb:.." */
    size_t entry;
};

struct bucket {
    size_t *idx;
    size_t n, alloc;
};

struct mask {
    struct hmac_sha256 base;   /* keyed state, copied for each digest */
    struct mentry *e;
    size_t n, alloc;
    struct slot *tab;
    size_t tab_size, tab_used;
    struct bucket *buckets;    /* name index, built on demand */
    bool index_dirty;
    bool find_mode;            /* originals added by mask_add_original: index addresses too */
    size_t nnames;
};

static const char *const class_names[MASK_NCLASS] = {
    "host", "domain", "vm", "repo", "pool", "ipv4", "ipv6", "mac",
};

const char *mask_class_name(enum mask_class cls)
{
    return cls < MASK_NCLASS ? class_names[cls] : "?";
}

enum mask_class mask_class_parse(const char *name)
{
    int i;

    for (i = 0; i < MASK_NCLASS; i++)
        if (!strcmp(name, class_names[i]))
            return (enum mask_class)i;
    return MASK_NCLASS;
}

static bool is_name_class(enum mask_class cls)
{
    return cls <= MASK_POOL;
}

/* --- key ------------------------------------------------------------------------------ */

int mask_key_random(unsigned char key[MASK_KEY_LEN], struct err *err)
{
    size_t got = 0;
    ssize_t n;
    int fd;

#if defined(__linux__) && defined(SYS_getrandom)
    while (got < MASK_KEY_LEN) {
        n = syscall(SYS_getrandom, key + got, MASK_KEY_LEN - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got == MASK_KEY_LEN)
        return 0;
#endif
    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(err, E_IO, errno, "cannot open '/dev/urandom'");
    got = 0;
    while (got < MASK_KEY_LEN) {
        n = read(fd, key + got, MASK_KEY_LEN - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return err_set(err, E_IO, "cannot read '/dev/urandom'");
        }
        got += (size_t)n;
    }
    close(fd);
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int mask_key_file(const char *path, unsigned char key[MASK_KEY_LEN], bool *created_out,
                  struct err *err)
{
    char text[4096], line[2 * MASK_KEY_LEN + 2];
    ssize_t n;
    size_t i, len = 0;
    int fd, rc;

    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        rc = mask_key_random(key, err);
        if (rc) {
            close(fd);
            unlink(path);
            return rc;
        }
        for (i = 0; i < MASK_KEY_LEN; i++)
            snprintf(line + 2 * i, 3, "%02x", key[i]);
        line[2 * MASK_KEY_LEN] = '\n';
        if (write(fd, line, 2 * MASK_KEY_LEN + 1) != 2 * MASK_KEY_LEN + 1 || fsync(fd) < 0) {
            rc = err_errno(err, E_IO, errno, "cannot write '%s'", path);
            close(fd);
            unlink(path);
            return rc;
        }
        close(fd);
        *created_out = true;
        return 0;
    }
    if (errno != EEXIST)
        return err_errno(err, E_IO, errno, "cannot create '%s'", path);
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return err_errno(err, E_IO, errno, "cannot open '%s'", path);
    while (len < sizeof(text) - 1 && (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    if (len != 2 * MASK_KEY_LEN)
        return err_set(err, E_PARSE, "'%s': not a mask key (want 64 hex digits)", path);
    for (i = 0; i < MASK_KEY_LEN; i++) {
        int hi = hexval((unsigned char)text[2 * i]), lo = hexval((unsigned char)text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return err_set(err, E_PARSE, "'%s': not a mask key (want 64 hex digits)", path);
        key[i] = (unsigned char)(hi << 4 | lo);
    }
    *created_out = false;
    return 0;
}

/* --- entries and the hash table ---------------------------------------------------------- */

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return h;
}

static struct slot *tab_find(const struct mask *m, const char *key)
{
    size_t i;

    if (!m->tab_size)
        return NULL;
    for (i = fnv(key) & (m->tab_size - 1); m->tab[i].key; i = (i + 1) & (m->tab_size - 1))
        if (!strcmp(m->tab[i].key, key))
            return &m->tab[i];
    return NULL;
}

static void tab_put(struct mask *m, char *key, size_t entry)
{
    size_t i, old_size = m->tab_size;
    struct slot *old = m->tab;

    if ((m->tab_used + 1) * 2 > m->tab_size) {
        m->tab_size = old_size ? old_size * 2 : 256;
        m->tab = xcalloc(m->tab_size, sizeof(*m->tab));
        m->tab_used = 0;
        for (i = 0; i < old_size; i++)
            if (old[i].key)
                tab_put(m, old[i].key, old[i].entry);
        free(old);
    }
    for (i = fnv(key) & (m->tab_size - 1); m->tab[i].key; i = (i + 1) & (m->tab_size - 1))
        ;
    m->tab[i].key = key;
    m->tab[i].entry = entry;
    m->tab_used++;
}

static char *key_of(char kind, const char *s, size_t len)
{
    char *k = xmalloc(len + 3);
    size_t i;

    k[0] = kind;
    k[1] = ':';
    for (i = 0; i < len; i++)
        k[i + 2] = (char)tolower((unsigned char)s[i]);
    k[len + 2] = '\0';
    return k;
}

static const struct mentry *lookup(const struct mask *m, char kind, const char *s, size_t len)
{
    char *k = key_of(kind, s, len);
    struct slot *sl = tab_find(m, k);

    free(k);
    return sl ? &m->e[sl->entry] : NULL;
}

static size_t add_entry(struct mask *m, enum mask_class cls, char kind, const char *orig,
                        size_t olen, const char *pseudo)
{
    struct mentry *e;
    size_t i;

    XGROW(m->e, m->alloc, m->n + 1);
    e = &m->e[m->n];
    e->cls = cls;
    e->orig = xstrndup(orig, olen);
    e->olen = olen;
    e->lkey = xstrndup(orig, olen);
    for (i = 0; i < olen; i++)
        e->lkey[i] = (char)tolower((unsigned char)e->lkey[i]);
    e->pseudo = xstrdup(pseudo);
    tab_put(m, key_of(kind, orig, olen), m->n);
    if (is_name_class(cls))
        tab_put(m, key_of('p', pseudo, strlen(pseudo)), m->n);
    if (is_name_class(cls) || m->find_mode)
        m->index_dirty = true;
    if (is_name_class(cls))
        m->nnames++;
    return m->n++;
}

struct mask *mask_new(const unsigned char key[MASK_KEY_LEN])
{
    struct mask *m = xcalloc(1, sizeof(*m));

    hmac_sha256_init(&m->base, key, MASK_KEY_LEN);
    return m;
}

static void free_buckets(struct mask *m)
{
    size_t i;

    if (!m->buckets)
        return;
    for (i = 0; i < NBUCKETS; i++)
        free(m->buckets[i].idx);
    free(m->buckets);
    m->buckets = NULL;
}

void mask_free(struct mask *m)
{
    size_t i;

    if (!m)
        return;
    for (i = 0; i < m->n; i++) {
        free(m->e[i].orig);
        free(m->e[i].lkey);
        free(m->e[i].pseudo);
    }
    free(m->e);
    for (i = 0; i < m->tab_size; i++)
        free(m->tab[i].key);
    free(m->tab);
    free_buckets(m);
    free(m);
}

size_t mask_count(const struct mask *m, enum mask_class cls)
{
    size_t i, n = 0;

    for (i = 0; i < m->n; i++)
        n += m->e[i].cls == cls;
    return n;
}

/* --- digests and pseudonyms ---------------------------------------------------------- */

static void digest(const struct mask *m, const char *label, const void *data, size_t len,
                   unsigned char out[32])
{
    struct hmac_sha256 h = m->base;

    hmac_sha256_update(&h, label, strlen(label) + 1);
    hmac_sha256_update(&h, data, len);
    hmac_sha256_final(&h, out);
}

/* A keyed permutation of 0..255: four Feistel rounds on nibbles, the round functions read
 * from one 32-byte digest (4 rounds x 16 inputs x 4 bits). */
static unsigned perm8(const unsigned char d[32], unsigned x)
{
    unsigned l = x >> 4, r = x & 15, f, t, round;

    for (round = 0; round < 4; round++) {
        f = d[round * 8 + r / 2];
        f = (r & 1) ? (f & 15) : (f >> 4);
        t = l ^ f;
        l = r;
        r = t;
    }
    return l << 4 | r;
}

static bool v4_first_ok(unsigned o)
{
    return o >= 1 && o <= 223 && o != 127;
}

static bool v4_last_ok(unsigned o)
{
    return o >= 1 && o <= 254;
}

/* Cycle walking keeps the permutation inside the allowed set. */
static unsigned perm8_in(const unsigned char d[32], unsigned x, bool (*ok)(unsigned))
{
    unsigned y = perm8(d, x);

    while (!ok(y))
        y = perm8(d, y);
    return y;
}

bool mask_ipv4(struct mask *m, const unsigned char in[4], unsigned char out[4])
{
    unsigned char d[32], pre[4] = { 0 };

    /* 0.0.0.0/8, loopback, multicast, reserved and netmasks (255.x) stay as they are. */
    if (!v4_first_ok(in[0]))
        return false;
    digest(m, "ipv4-1", pre, 0, d);
    out[0] = (unsigned char)perm8_in(d, in[0], v4_first_ok);
    memcpy(pre, in, 1);
    digest(m, "ipv4-2", pre, 1, d);
    out[1] = (unsigned char)perm8(d, in[1]);
    memcpy(pre, in, 2);
    digest(m, "ipv4-3", pre, 2, d);
    out[2] = (unsigned char)perm8(d, in[2]);
    /* .0 and .255 (network and broadcast of a /24) keep their meaning. */
    if (!v4_last_ok(in[3])) {
        out[3] = in[3];
    } else {
        memcpy(pre, in, 3);
        digest(m, "ipv4-4", pre, 3, d);
        out[3] = (unsigned char)perm8_in(d, in[3], v4_last_ok);
    }
    return true;
}

bool mask_ipv6(struct mask *m, const unsigned char in[16], unsigned char out[16])
{
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
    unsigned char d[32];
    size_t i;
    bool zero_head = true;

    for (i = 0; i < 15; i++)
        zero_head = zero_head && !in[i];
    if (zero_head && in[15] <= 1)        /* :: and ::1 */
        return false;
    if (in[0] == 0xff)                   /* multicast */
        return false;
    memcpy(out, in, 16);
    if (!memcmp(in, mapped, 12)) {       /* ::ffff:a.b.c.d: as the IPv4 address */
        return mask_ipv4(m, in + 12, out + 12);
    }
    if (!(in[0] == 0xfe && (in[1] & 0xc0) == 0x80)) {
        /* The first 16 bits say only which registry or kind; the rest of the /64 is the site. */
        digest(m, "ipv6-net", in, 8, d);
        memcpy(out + 2, d, 6);
    }
    digest(m, "ipv6-iid", in, 16, d);
    memcpy(out + 8, d, 8);
    return true;
}

bool mask_mac(struct mask *m, const unsigned char in[6], unsigned char out[6])
{
    unsigned char d[32], msg[6];
    unsigned l, r, f, t, round;

    /* Group addresses (broadcast, multicast) and 00:00:00:00:00:00 name no NIC. */
    if ((in[0] & 1) || !(in[0] | in[1] | in[2] | in[3] | in[4] | in[5]))
        return false;
    /* The OUI (vendor, or Oracle VM's 00:21:f6) stays; the NIC part is permuted, so distinct
     * MACs stay distinct and a duplicate stays a duplicate. */
    memcpy(out, in, 3);
    memcpy(msg, in, 3);
    l = (unsigned)in[3] << 4 | in[4] >> 4;
    r = (unsigned)(in[4] & 15) << 8 | in[5];
    for (round = 0; round < 4; round++) {
        msg[3] = (unsigned char)round;
        msg[4] = (unsigned char)(r >> 8);
        msg[5] = (unsigned char)r;
        digest(m, "mac", msg, 6, d);
        f = ((unsigned)d[0] << 8 | d[1]) & 0xfff;
        t = l ^ f;
        l = r;
        r = t;
    }
    out[3] = (unsigned char)(l >> 4);
    out[4] = (unsigned char)((l & 15) << 4 | r >> 8);
    out[5] = (unsigned char)r;
    return true;
}

/* --- names ------------------------------------------------------------------------------ */

static const char *const reserved[] = {
    "localhost", "localhost.localdomain", "localdomain", "localhost4", "localhost6",
    "localhost4.localdomain4", "localhost6.localdomain6", "ip6-localhost", "ip6-loopback",
    "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "broadcasthost",
    "domain-0", "dom0", "xen", "ovm", "oracle", "root", "none", "null", "unknown", "default",
    "true", "false", "server", "pool", "repository", "linux", "local", "localnet",
};

static bool is_word(int c)
{
    return isalnum(c) || c == '_';
}

/* Names end at anything but a letter or digit: "vg_sv107" holds the name "sv107" (an LVM
 * volume group named after its guest), "sv1070" does not. */
static bool is_name_char(int c)
{
    return isalnum(c) != 0;
}

static bool name_acceptable(const char *s, size_t len)
{
    unsigned char a4[4], a6[16];
    char tmp[64];
    size_t i, hex = 0, digits = 0;

    if (len < MASK_NAME_MIN || len > MASK_NAME_MAX)
        return false;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
        hex += isxdigit(c) != 0;
        digits += isdigit(c) != 0;
    }
    if (digits == len)
        return false;
    /* OVM ids (32 hex) and UUIDs are not personal data; the rules join on them. */
    if ((len == 32 && hex == 32) || (len == 36 && hex == 32))
        return false;
    if (len < sizeof(tmp)) {
        memcpy(tmp, s, len);
        tmp[len] = '\0';
        if (inet_pton(AF_INET, tmp, a4) == 1 || inet_pton(AF_INET6, tmp, a6) == 1)
            return false;
    }
    for (i = 0; i < ARRAY_SIZE(reserved); i++)
        if (strlen(reserved[i]) == len && !strncasecmp(reserved[i], s, len))
            return false;
    return true;
}

static const char *const class_prefix[] = { "host-", "domain-", "vm-", "repo-", "pool-" };

static void name_pseudonym(struct mask *m, enum mask_class cls, const char *s, size_t len,
                           struct buf *out)
{
    unsigned char d[32];
    char *low = key_of('n', s, len);
    unsigned char ctr;

    /* The hex part depends on the value only, not on its class: a guest called like a host
     * gets the same hex in every bundle of a pool whichever file taught it. */
    for (ctr = 0;; ctr++) {
        struct hmac_sha256 h = m->base;
        hmac_sha256_update(&h, "name", 5);
        hmac_sha256_update(&h, low + 2, len);
        hmac_sha256_update(&h, &ctr, ctr ? 1 : 0);
        hmac_sha256_final(&h, d);
        buf_reset(out);
        buf_addf(out, "%s%02x%02x%02x%02x", class_prefix[cls], d[0], d[1], d[2], d[3]);
        if (!lookup(m, 'p', out->data, out->len))
            break;
    }
    free(low);
}

static bool learn_one(struct mask *m, enum mask_class cls, const char *s, size_t len,
                      struct buf *pseudo)
{
    struct buf p = BUF_INIT;

    if (!name_acceptable(s, len) || m->nnames >= MASK_MAX_NAMES)
        return false;
    if (lookup(m, 'n', s, len))
        return false;
    name_pseudonym(m, cls, s, len, &p);
    add_entry(m, cls, 'n', s, len, p.data);
    if (pseudo)
        buf_add(pseudo, p.data, p.len);
    buf_release(&p);
    return true;
}

bool mask_learn(struct mask *m, enum mask_class cls, const char *s, size_t len)
{
    const struct mentry *e;
    struct buf p = BUF_INIT;
    const char *dot;
    bool added;

    while (len && (isspace((unsigned char)*s) || *s == '\'' || *s == '"')) {
        s++;
        len--;
    }
    while (len && (isspace((unsigned char)s[len - 1]) || s[len - 1] == '\'' ||
                   s[len - 1] == '"' || (cls == MASK_HOST && s[len - 1] == '.')))
        len--;
    if (!is_name_class(cls) || !len)
        return false;
    dot = cls == MASK_HOST ? memchr(s, '.', len) : NULL;
    if (!dot || dot == s || !name_acceptable(s, len) || lookup(m, 'n', s, len))
        return learn_one(m, cls, s, len, NULL);
    /* host.example.com: the short name as a host, the rest as a domain, and the FQDN as
     * both pseudonyms joined, so that every spelling of the host maps alike. */
    learn_one(m, MASK_HOST, s, (size_t)(dot - s), NULL);
    learn_one(m, MASK_DOMAIN, dot + 1, len - (size_t)(dot - s) - 1, NULL);
    e = lookup(m, 'n', s, (size_t)(dot - s));
    if (e)
        buf_adds(&p, e->pseudo);
    else
        buf_add(&p, s, (size_t)(dot - s));
    buf_addc(&p, '.');
    e = lookup(m, 'n', dot + 1, len - (size_t)(dot - s) - 1);
    if (e)
        buf_adds(&p, e->pseudo);
    else
        buf_add(&p, dot + 1, len - (size_t)(dot - s) - 1);
    added = m->nnames < MASK_MAX_NAMES && !lookup(m, 'p', p.data, p.len);
    if (added)
        add_entry(m, MASK_HOST, 'n', s, len, p.data);
    buf_release(&p);
    return added;
}

const char *mask_name_pseudonym(struct mask *m, const char *name)
{
    const struct mentry *e = lookup(m, 'n', name, strlen(name));

    return e ? e->pseudo : NULL;
}

static unsigned bucket_of(const char *s)
{
    unsigned h = (unsigned)tolower((unsigned char)s[0]) * 31u * 31u +
                 (unsigned)tolower((unsigned char)s[1]) * 31u +
                 (unsigned)tolower((unsigned char)s[2]);

    return h % NBUCKETS;
}

static const struct mask *sort_mask;

/* Longest first, so that "sv095-repository" wins over "sv095". */
static int cmp_len_desc(const void *a, const void *b)
{
    const struct mask *m = sort_mask;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    if (m->e[x].olen != m->e[y].olen)
        return m->e[x].olen > m->e[y].olen ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void build_index(struct mask *m)
{
    size_t i;

    free_buckets(m);
    m->buckets = xcalloc(NBUCKETS, sizeof(*m->buckets));
    for (i = 0; i < m->n; i++) {
        struct bucket *b;
        if (!(is_name_class(m->e[i].cls) || m->find_mode) || m->e[i].olen < 3)
            continue;
        b = &m->buckets[bucket_of(m->e[i].orig)];
        XGROW(b->idx, b->alloc, b->n + 1);
        b->idx[b->n++] = i;
    }
    sort_mask = m;
    for (i = 0; i < NBUCKETS; i++)
        if (m->buckets[i].n > 1)
            qsort(m->buckets[i].idx, m->buckets[i].n, sizeof(size_t), cmp_len_desc);
    sort_mask = NULL;
    m->index_dirty = false;
}

/* The longest indexed value at d[i], bounded as a word where it begins or ends with a word
 * character; NULL when none. */
static const struct mentry *name_at(const struct mask *m, const char *d, size_t len, size_t i)
{
    const struct bucket *b;
    size_t k, j, end;

    if (len - i < 3)
        return NULL;
    b = &m->buckets[bucket_of(d + i)];
    for (k = 0; k < b->n; k++) {
        const struct mentry *e = &m->e[b->idx[k]];
        if (e->olen > len - i)
            continue;
        for (j = 0; j < e->olen; j++)
            if (tolower((unsigned char)d[i + j]) != (unsigned char)e->lkey[j])
                break;
        if (j < e->olen)
            continue;
        end = i + e->olen;
        if (is_name_char((unsigned char)e->lkey[0]) && i > 0 &&
            is_name_char((unsigned char)d[i - 1]))
            continue;
        if (is_name_char((unsigned char)e->lkey[e->olen - 1]) && end < len &&
            is_name_char((unsigned char)d[end]))
            continue;
        return e;
    }
    return NULL;
}

/* --- addresses in text ------------------------------------------------------------------- */

static size_t parse_ipv4(const char *d, size_t len, size_t i, unsigned char out[4])
{
    size_t j = i, k, oct;
    unsigned v;

    for (oct = 0; oct < 4; oct++) {
        if (oct) {
            if (j >= len || d[j] != '.')
                return 0;
            j++;
        }
        v = 0;
        for (k = 0; k < 3 && j < len && isdigit((unsigned char)d[j]); k++, j++)
            v = v * 10 + (unsigned)(d[j] - '0');
        if (!k || v > 255)
            return 0;
        out[oct] = (unsigned char)v;
    }
    if (j < len && (is_word((unsigned char)d[j]) ||
                    (d[j] == '.' && j + 1 < len && isdigit((unsigned char)d[j + 1]))))
        return 0;
    return j - i;
}

static size_t parse_mac(const char *d, size_t len, size_t i, unsigned char out[6], char *sep,
                        bool *upper)
{
    size_t k, j = i;
    int hi, lo;

    if (len - i < 17)
        return 0;
    *sep = d[i + 2];
    if (*sep != ':' && *sep != '-')
        return 0;
    *upper = false;
    for (k = 0; k < 6; k++, j += 3) {
        if (k && d[j - 1] != *sep)
            return 0;
        hi = hexval((unsigned char)d[j]);
        lo = hexval((unsigned char)d[j + 1]);
        if (hi < 0 || lo < 0)
            return 0;
        *upper = *upper || isupper((unsigned char)d[j]) || isupper((unsigned char)d[j + 1]);
        out[k] = (unsigned char)(hi << 4 | lo);
    }
    j = i + 17;
    if (j < len && (is_word((unsigned char)d[j]) || d[j] == ':' ||
                    (d[j] == '-' && j + 1 < len && isxdigit((unsigned char)d[j + 1]))))
        return 0;
    return 17;
}

static size_t parse_ipv6(const char *d, size_t len, size_t i, unsigned char out[16])
{
    char tmp[48];
    size_t j = i, colons = 0, n, trim;

    while (j < len && j - i < 46 && (isxdigit((unsigned char)d[j]) || d[j] == ':' || d[j] == '.')) {
        colons += d[j] == ':';
        j++;
    }
    if (colons < 2 || j - i > 45 || (j < len && is_word((unsigned char)d[j])))
        return 0;
    for (trim = 0; trim < 3 && j - trim > i; trim++) {
        n = j - trim - i;
        memcpy(tmp, d + i, n);
        tmp[n] = '\0';
        if (inet_pton(AF_INET6, tmp, out) == 1)
            return n;
        if (d[j - trim - 1] != '.' && d[j - trim - 1] != ':')
            break;
    }
    return 0;
}

/* --- the scanner ----------------------------------------------------------------------- */

struct scan {
    struct mask *m;
    struct buf *out;          /* mask mode */
    mask_found_fn *found;     /* find mode */
    void *arg;
    size_t hits, line;
};

static void emit_addr(struct scan *s, enum mask_class cls, char kind, const char *canon,
                      const char *pseudo, const char *as_written, size_t n)
{
    const struct mentry *e = lookup(s->m, kind, canon, strlen(canon));

    if (s->found) {
        if (e) {
            s->found(s->arg, s->line, cls, e->orig);
            s->hits++;
        }
        return;
    }
    if (!pseudo) {
        buf_add(s->out, as_written, n);
        return;
    }
    if (!e)
        add_entry(s->m, cls, kind, canon, strlen(canon), pseudo);
    s->hits++;
    buf_adds(s->out, pseudo);
}

/* An address at d[i]: its length (0 if none), after emitting its pseudonym or reporting it. */
static size_t address_at(struct scan *s, const char *d, size_t len, size_t i)
{
    unsigned char a[16], p[16];
    char canon[64], ps[64], sep;
    bool upper, masked;
    unsigned char c = (unsigned char)d[i];
    unsigned char prev = i ? (unsigned char)d[i - 1] : ' ';
    size_t n, k;

    if (is_word(prev) || prev == '.')
        return 0;
    if (prev != ':' && (isxdigit(c) || c == ':')) {
        if (isxdigit(c) && (n = parse_mac(d, len, i, a, &sep, &upper))) {
            masked = !s->found && mask_mac(s->m, a, p);
            snprintf(canon, sizeof(canon), "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2],
                     a[3], a[4], a[5]);
            if (masked) {
                snprintf(ps, sizeof(ps), "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2],
                         p[3], p[4], p[5]);
                for (k = 0; ps[k]; k++) {
                    if (ps[k] == ':')
                        ps[k] = sep;
                    else if (upper)
                        ps[k] = (char)toupper((unsigned char)ps[k]);
                }
            }
            emit_addr(s, MASK_MAC, 'm', canon, masked ? ps : NULL, d + i, n);
            return n;
        }
        if ((n = parse_ipv6(d, len, i, a))) {
            masked = !s->found && mask_ipv6(s->m, a, p);
            inet_ntop(AF_INET6, a, canon, sizeof(canon));
            if (masked)
                inet_ntop(AF_INET6, p, ps, sizeof(ps));
            emit_addr(s, MASK_IPV6, '6', canon, masked ? ps : NULL, d + i, n);
            return n;
        }
    }
    /* "gcc 4.9.2-6.2.0.3", "kernel-2.6.32.21": a dotted quad after '-' is a version. */
    if (isdigit(c) && prev != '-' && (n = parse_ipv4(d, len, i, a))) {
        masked = !s->found && mask_ipv4(s->m, a, p);
        snprintf(canon, sizeof(canon), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        if (masked)
            snprintf(ps, sizeof(ps), "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
        emit_addr(s, MASK_IPV4, '4', canon, masked ? ps : NULL, d + i, n);
        return n;
    }
    return 0;
}

static void scan_text(struct scan *s, const char *d, size_t len)
{
    struct mask *m = s->m;
    const struct mentry *e;
    size_t i = 0, from = 0, n;
    bool names;

    if (m->index_dirty || !m->buckets)
        build_index(m);
    names = m->buckets != NULL;
    while (i < len) {
        unsigned char c = (unsigned char)d[i];
        /* Inside a word nothing starts: skip it quickly. */
        if (i && is_name_char(c) && is_name_char((unsigned char)d[i - 1])) {
            i++;
            continue;
        }
        if (c == '\n') {
            s->line++;
            i++;
            continue;
        }
        e = names ? name_at(m, d, len, i) : NULL;
        if (e) {
            if (s->out) {
                buf_add(s->out, d + from, i - from);
                buf_adds(s->out, e->pseudo);
            } else {
                s->found(s->arg, s->line, e->cls, e->orig);
            }
            s->hits++;
            i += e->olen;
            from = i;
            continue;
        }
        if (isxdigit(c) || c == ':') {
            size_t mark = s->out ? s->out->len : 0;
            if (s->out)
                buf_add(s->out, d + from, i - from);
            n = address_at(s, d, len, i);
            if (n) {
                i += n;
                from = i;
                continue;
            }
            if (s->out)
                buf_truncate(s->out, mark);
        }
        i++;
    }
    if (s->out)
        buf_add(s->out, d + from, len - from);
}

void mask_text(struct mask *m, const char *data, size_t len, struct buf *out)
{
    struct scan s = { .m = m, .out = out, .line = 1 };

    buf_grow(out, len + len / 16 + 64);
    scan_text(&s, data, len);
}

void mask_add_original(struct mask *m, enum mask_class cls, const char *original,
                       const char *pseudonym)
{
    unsigned char a[16];
    char canon[64];
    const char *kind_s = "n";
    size_t len = strlen(original);

    m->find_mode = true;
    m->index_dirty = true;
    if (cls >= MASK_NCLASS || !len || len > MASK_NAME_MAX)
        return;
    if (cls == MASK_IPV4 && inet_pton(AF_INET, original, a) == 1) {
        snprintf(canon, sizeof(canon), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        kind_s = "4";
    } else if (cls == MASK_IPV6 && inet_pton(AF_INET6, original, a) == 1) {
        inet_ntop(AF_INET6, a, canon, sizeof(canon));
        kind_s = "6";
    } else if (cls == MASK_MAC) {
        snprintf(canon, sizeof(canon), "%s", original);
        kind_s = "m";
    } else if (!is_name_class(cls)) {
        return;
    } else {
        snprintf(canon, sizeof(canon), "%.*s", (int)MIN(len, sizeof(canon) - 1), original);
    }
    if (is_name_class(cls)) {
        if (!lookup(m, 'n', original, len))
            add_entry(m, cls, 'n', original, len, pseudonym ? pseudonym : "");
        return;
    }
    if (!lookup(m, kind_s[0], canon, strlen(canon)))
        add_entry(m, cls, kind_s[0], canon, strlen(canon), pseudonym ? pseudonym : "");
}

size_t mask_find(struct mask *m, const char *data, size_t len, mask_found_fn *found, void *arg)
{
    struct scan s = { .m = m, .found = found, .arg = arg, .line = 1 };

    scan_text(&s, data, len);
    return s.hits;
}

/* --- learners ----------------------------------------------------------------------------- */

/* Calls fn for each line of text (without its newline). */
static void each_line(const char *text, size_t len,
                      void (*fn)(void *arg, const char *line, size_t n), void *arg)
{
    const char *p = text, *end = text + len, *nl;

    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        fn(arg, p, nl ? (size_t)(nl - p) : (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
}

/* A value after a separator: quoted ('x', "x", u'x') up to the quote, else the rest of the
 * line. */
static void learn_value(struct mask *m, enum mask_class cls, const char *v, size_t n)
{
    const char *q;

    while (n && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    if (n > 1 && (*v == 'u' || *v == 'b') && (v[1] == '\'' || v[1] == '"')) {
        v++;
        n--;
    }
    if (n && (*v == '\'' || *v == '"')) {
        q = memchr(v + 1, *v, n - 1);
        if (q)
            mask_learn(m, cls, v + 1, (size_t)(q - v - 1));
        return;
    }
    mask_learn(m, cls, v, n);
}

struct assign_arg {
    struct mask *m;
    enum mask_class cls;
    const char *key;
};

static void assign_line(void *arg, const char *line, size_t n)
{
    struct assign_arg *a = arg;
    size_t kl = strlen(a->key), i = 0;

    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (n - i <= kl || strncmp(line + i, a->key, kl))
        return;
    i += kl;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i >= n || line[i] != '=')
        return;
    learn_value(a->m, a->cls, line + i + 1, n - i - 1);
}

void mask_learn_assign(struct mask *m, enum mask_class cls, const char *key, const char *text,
                       size_t len)
{
    struct assign_arg a = { m, cls, key };

    each_line(text, len, assign_line, &a);
}

static void pylit_line(void *arg, const char *line, size_t n)
{
    struct assign_arg *a = arg;
    size_t kl = strlen(a->key), i, j;

    for (i = 0; i + kl + 2 < n; i++) {
        if ((line[i] != '\'' && line[i] != '"') || strncmp(line + i + 1, a->key, kl) ||
            line[i + 1 + kl] != line[i])
            continue;
        j = i + kl + 2;
        while (j < n && line[j] == ' ')
            j++;
        if (j < n && line[j] == ':')
            learn_value(a->m, a->cls, line + j + 1, n - j - 1);
    }
}

void mask_learn_pylit(struct mask *m, enum mask_class cls, const char *key, const char *text,
                      size_t len)
{
    struct assign_arg a = { m, cls, key };

    each_line(text, len, pylit_line, &a);
}

static void hosts_line(void *arg, const char *line, size_t n)
{
    struct mask *m = arg;
    const char *hash = memchr(line, '#', n);
    size_t i = 0, start, field = 0;

    if (hash)
        n = (size_t)(hash - line);
    while (i < n) {
        while (i < n && isspace((unsigned char)line[i]))
            i++;
        start = i;
        while (i < n && !isspace((unsigned char)line[i]))
            i++;
        if (i > start && field++ > 0)
            mask_learn(m, MASK_HOST, line + start, i - start);
    }
}

void mask_learn_hosts(struct mask *m, const char *text, size_t len)
{
    each_line(text, len, hosts_line, m);
}

struct cc_arg {
    struct mask *m;
    bool in_node;
};

static void cc_line(void *arg, const char *line, size_t n)
{
    struct cc_arg *a = arg;
    size_t i = 0;

    if (n && !isspace((unsigned char)line[0])) {
        a->in_node = n >= 5 && !strncmp(line, "node:", 5);
        return;
    }
    if (!a->in_node)
        return;
    while (i < n && isspace((unsigned char)line[i]))
        i++;
    if (n - i > 4 && !strncmp(line + i, "name", 4)) {
        i += 4;
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i < n && line[i] == '=')
            learn_value(a->m, MASK_HOST, line + i + 1, n - i - 1);
    }
}

void mask_learn_cluster_conf(struct mask *m, const char *text, size_t len)
{
    struct cc_arg a = { m, false };

    each_line(text, len, cc_line, &a);
}

/* --- the map ------------------------------------------------------------------------------ */

static const struct mask *map_mask;

static int cmp_map(const void *a, const void *b)
{
    const struct mentry *x = &map_mask->e[*(const size_t *)a];
    const struct mentry *y = &map_mask->e[*(const size_t *)b];

    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    return strcmp(x->orig, y->orig);
}

void mask_map_json(const struct mask *m, const char *bundle, struct buf *out)
{
    size_t *order = xcalloc(m->n + 1, sizeof(*order));
    size_t i;
    int c;

    for (i = 0; i < m->n; i++)
        order[i] = i;
    map_mask = m;
    if (m->n > 1)
        qsort(order, m->n, sizeof(*order), cmp_map);
    map_mask = NULL;
    buf_adds(out, "{\n  \"schema\": \"ovmdiag-mask-map/1\",\n  \"bundle\": ");
    buf_add_json_str(out, bundle, strlen(bundle));
    buf_adds(out, ",\n  \"warning\": \"whoever holds this file can undo the masking: keep it, "
                  "never send it with the bundle\",\n  \"counts\": {");
    for (c = 0; c < MASK_NCLASS; c++)
        buf_addf(out, "%s\"%s\": %zu", c ? ", " : "", class_names[c],
                 mask_count(m, (enum mask_class)c));
    buf_adds(out, "},\n  \"entries\": [");
    for (i = 0; i < m->n; i++) {
        const struct mentry *e = &m->e[order[i]];
        buf_addf(out, "%s\n    {\"class\": \"%s\", \"original\": ", i ? "," : "",
                 class_names[e->cls]);
        buf_add_json_str(out, e->orig, e->olen);
        buf_adds(out, ", \"pseudonym\": ");
        buf_add_json_str(out, e->pseudo, strlen(e->pseudo));
        buf_addc(out, '}');
    }
    buf_adds(out, "\n  ]\n}\n");
    free(order);
}
