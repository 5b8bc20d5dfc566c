/* SPDX-License-Identifier: MIT */
/* mask.h: consistent pseudonyms for `collect --mask` (docs/security.md, "Privacy: --mask").
 * Every pseudonym is a function of a 32-byte key and the original value (HMAC-SHA256), so the
 * same value gets the same pseudonym in every file, and in every bundle made with one key.
 * IPv4 keeps its prefix structure (a keyed permutation per octet and prefix), IPv6 its /64,
 * MACs their OUI (a keyed permutation of the NIC part, so distinct MACs stay distinct).
 * Names (hosts, VMs, repositories, pools, domains) are learned from the files that define
 * them and replaced where they stand as a whole word; addresses are found by pattern.
 * The same scanner finds originals in a masked bundle (mask-verify). Never prints. */
#ifndef OVMDIAG_MASK_H
#define OVMDIAG_MASK_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/err.h"

#define MASK_KEY_LEN 32
/* Shortest name that is masked: shorter ones would hit ordinary words everywhere. */
#define MASK_NAME_MIN 3
#define MASK_NAME_MAX 255
/* Names kept in one run; learning stops beyond it (mask_learn returns false). */
#define MASK_MAX_NAMES 100000

enum mask_class {
    MASK_HOST,
    MASK_DOMAIN,
    MASK_VM,
    MASK_REPO,
    MASK_POOL,
    MASK_IPV4,
    MASK_IPV6,
    MASK_MAC,
    MASK_NCLASS,
};

struct mask;

/* 32 random bytes from getrandom(2) or /dev/urandom. */
int mask_key_random(unsigned char key[MASK_KEY_LEN], struct err *err) WARN_UNUSED;
/* Read the key from path (64 hex digits); when path does not exist, create it (mode 0600,
 * O_EXCL) with a fresh random key. *created_out says which happened. */
int mask_key_file(const char *path, unsigned char key[MASK_KEY_LEN], bool *created_out,
                  struct err *err) WARN_UNUSED;

/* Caller owns; free with mask_free(). */
struct mask *mask_new(const unsigned char key[MASK_KEY_LEN]);
void mask_free(struct mask *m);
const char *mask_class_name(enum mask_class cls);
/* MASK_NCLASS when name is not a class name. */
enum mask_class mask_class_parse(const char *name);

/* Learn a name (spaces and quotes around it trimmed). An FQDN of class MASK_HOST also teaches
 * its first label (host) and the rest (domain). False when it is not masked: shorter than
 * MASK_NAME_MIN, a reserved word (localhost, Domain-0, ...), an OVM id, an address, or
 * already known. */
bool mask_learn(struct mask *m, enum mask_class cls, const char *name, size_t len);
/* Learners over the text of the files that define names (each takes the whole file). */
/* KEY=VALUE or KEY = 'VALUE' lines (.ovsrepo OVS_REPO_ALIAS, vm.cfg OVM_simple_name,
 * /etc/sysconfig/network HOSTNAME). */
void mask_learn_assign(struct mask *m, enum mask_class cls, const char *key, const char *text,
                       size_t len);
/* 'KEY': u'VALUE' in a Python literal (ovs-agent-db dumps). */
void mask_learn_pylit(struct mask *m, enum mask_class cls, const char *key, const char *text,
                      size_t len);
/* /etc/hosts: every name of every line. */
void mask_learn_hosts(struct mask *m, const char *text, size_t len);
/* /etc/ocfs2/cluster.conf: the `name =` of every node: stanza. */
void mask_learn_cluster_conf(struct mask *m, const char *text, size_t len);

/* The pseudonym of a learned name, or NULL; borrowed, valid until mask_free(). */
const char *mask_name_pseudonym(struct mask *m, const char *name);
/* Address pseudonyms. False when the address is kept as it is (loopback, multicast, ...). */
bool mask_ipv4(struct mask *m, const unsigned char in[4], unsigned char out[4]);
bool mask_ipv6(struct mask *m, const unsigned char in[16], unsigned char out[16]);
bool mask_mac(struct mask *m, const unsigned char in[6], unsigned char out[6]);

/* Append data to out with every known name and every address replaced. */
void mask_text(struct mask *m, const char *data, size_t len, struct buf *out);

/* Originals that mask_find reports; found through mask_add_original (mask-verify). */
void mask_add_original(struct mask *m, enum mask_class cls, const char *original,
                       const char *pseudonym);
/* Call found() for every original value in data (names case-insensitively and word-bounded,
 * addresses also in other spellings); line is 1-based. Returns the number of hits. */
typedef void mask_found_fn(void *arg, size_t line, enum mask_class cls, const char *original);
size_t mask_find(struct mask *m, const char *data, size_t len, mask_found_fn *found, void *arg);

size_t mask_count(const struct mask *m, enum mask_class cls);
/* The map (original -> pseudonym per class) as JSON: sorted, one entry per line. */
void mask_map_json(const struct mask *m, const char *bundle, struct buf *out);

#endif
