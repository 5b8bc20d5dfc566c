/* SPDX-License-Identifier: MIT */
/* privacy.h: what is never collected, and masking of password values in what is.
 * Masking keeps the length (values become '*'), so files stream into the bundle unchanged in
 * size; a masked value therefore still shows how long it was. */
#ifndef OVMDIAG_PRIVACY_H
#define OVMDIAG_PRIVACY_H

#include <stddef.h>

/* NULL when path may be collected, else why not ("names a private key"). */
const char *privacy_forbidden(const char *path);
/* Mask, in place, the values of password-like keys (`password = x`, `'passwd': 'x'`,
 * `(vncpasswd x)`, `PASSWORD=x`, `"secret": "x"`) and the password of `scheme://user:pw@`.
 * Works line by line; returns the number of values masked. */
size_t privacy_mask(char *data, size_t len);

#endif
