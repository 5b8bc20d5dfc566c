/* SPDX-License-Identifier: MIT */
/* ovmid.h: Oracle VM object ids (ovm-knowledge.md §3.2): 32 hex digits "0004fb00 00TT 0000
 * <16 hex>" where TT names the object type; also seen dashed as a uuid (vm.cfg's uuid) and as a
 * file name with an extension (0004fb0000120000....img). Pure functions, no allocation. */
#ifndef OVMDIAG_OVMID_H
#define OVMDIAG_OVMID_H

#include <stdbool.h>
#include <stddef.h>

#define OVMID_LEN 32

/* Any 128-bit id [s, s + len) into its canonical form: 32 lower-case hex digits, no dashes,
 * extension dropped. Accepted: 32 hex digits or the dashed 8-4-4-4-12 uuid form, either case,
 * optionally followed by one extension of 1 to 8 letters or digits (".img", ".iso"). This is not
 * limited to OVM ids (repository ids such as 6d015d4f722144b39a0d9ebd71ec464e exist). False,
 * and out untouched, for anything else. */
bool ovmid_canon(const char *s, size_t len, char out[OVMID_LEN + 1]);

/* The object type of an OVM id in any form ovmid_canon() accepts: "manager", "server_pool",
 * "repository", "file_system", "vm", "virtual_nic", "storage_array", "virtual_disk",
 * "vm_disk_mapping", "vm_template", "virtual_cdrom", "storage_element". NULL when s is not an
 * OVM id or its type code is not one of these. The string is static. */
const char *ovmid_type(const char *s, size_t len);

/* The repository id in a path with "OVS/Repositories/<id>" in it: bundle paths
 * (root/OVS/Repositories/<id>/.ovsrepo, listing/OVS/Repositories/<id>.json) and host paths
 * (/OVS/Repositories/<id>/...). The ".json" of a listing's name is not part of the id. False
 * when there is none or it does not fit in size bytes. */
bool ovmid_repo_of_path(const char *path, char *out, size_t size);

#endif
