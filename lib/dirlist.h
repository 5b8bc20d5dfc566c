/* SPDX-License-Identifier: MIT */
/* dirlist.h: the names in a folder, sorted byte by byte, so that every walk of a tree (the
 * collector's files and repositories, a bundle unpacked to a folder) visits it in one order
 * whatever the file system returns. */
#ifndef OVMDIAG_DIRLIST_H
#define OVMDIAG_DIRLIST_H

#include <stddef.h>

/* Every name but "." and "..", sorted; *n their number. NULL only when the folder cannot be
 * opened, errno then says why; an empty folder is an empty list. Free with dir_names_free(). */
char **dir_sorted_names(const char *dir, size_t *n);
void dir_names_free(char **names, size_t n);

#endif
