/* SPDX-License-Identifier: MIT */
/* The timeline's records: found in the logs by kind, timed from the line, sorted, and a line that
 * several definitions match listed once. */
#include "tests/unit/helpers.h"
#include "engine/events.h"
#include "lib/timeutil.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

static json_object *scan(const char *source, const char *path, const char *text)
{
    struct events *ev = events_new();
    struct logscan_query **qs = NULL;
    struct logscan *ls = NULL;
    struct err err = ERR_INIT;
    size_t n = events_queries(ev, &qs);
    json_object *out;

    assert_int_equal(logscan_new(&ls, qs, n, &err), 0);
    logscan_begin(ls, source, path, time_from_utc(2026, 11, 22, 0, 0, 0));
    logscan_feed(ls, text, strlen(text));
    logscan_end(ls);
    logscan_finish(ls, 0);
    out = events_to_json(ev);
    logscan_free(ls);
    events_free(ev);
    free(qs);
    return out;
}

static const char *at(json_object *a, size_t i, const char *key)
{
    return jget_str(json_object_array_get_idx(a, i), key);
}

static void test_xend_kinds_and_order(void **state)
{
    json_object *a;

    (void)state;
    a = scan("xend", "root/var/log/xen/xend.log",
             "[2026-11-20 09:41:52 7421] ERROR (XendDomainInfo:488) VM start failed\n"
             "[2026-11-19 08:30:11 7421] INFO (XendDomainInfo:2088) Domain has shutdown: name=vm1 id=16 reason=poweroff.\n"
             "[2026-11-19 08:30:12 7421] DEBUG (XendDomainInfo:3071) XendDomainInfo.destroy: domid=16\n"
             "[2026-11-19 08:40:00 7421] WARNING (XendDomainInfo:1283) Domain has crashed: name=vm2 id=17.\n"
             "[2026-11-19 08:40:01 7421] DEBUG (balloon:193) Balloon: 1 KiB free\n");
    assert_int_equal(json_object_array_length(a), 4);
    assert_string_equal(at(a, 0, "kind"), "stop");
    assert_string_equal(at(a, 0, "time"), "2026-11-19T08:30:11Z");
    assert_string_equal(jget_str(jget(json_object_array_get_idx(a, 0), "fields"), "reason"), "poweroff");
    assert_string_equal(at(a, 2, "kind"), "crash");
    assert_string_equal(jget_str(jget(json_object_array_get_idx(a, 2), "fields"), "vm"), "vm2");
    assert_string_equal(at(a, 3, "kind"), "error");
    json_object_put(a);
}

/* One hotplug line matched by three definitions, twice in a row: each line once. */
static void test_one_record_per_line(void **state)
{
    json_object *a;

    (void)state;
    a = scan("hotplug", "root/var/log/xen/xen-hotplug.log",
             "Nothing to flush.\n"
             "Could not find bridge br0; Cannot find device vif1.0: failed\n"
             "Could not find bridge br1; Cannot find device vif2.0: failed\n"
             "RTNETLINK answers: failed\n");
    assert_int_equal(json_object_array_length(a), 3);
    assert_null(at(a, 0, "time"));
    assert_int_equal(json_object_get_int(jget(json_object_array_get_idx(a, 0), "line")), 2);
    assert_int_equal(json_object_get_int(jget(json_object_array_get_idx(a, 1), "line")), 3);
    assert_int_equal(json_object_get_int(jget(json_object_array_get_idx(a, 2), "line")), 4);
    json_object_put(a);
}

static void test_harmless_chatter_left_out(void **state)
{
    json_object *a;

    (void)state;
    a = scan("qemu-dm", "root/var/log/xen/qemu-dm-x.log",
             "xs_read(/local/domain/0/device-model/1/xen_extended_power_mgmt): read error\n"
             "vcpu-set: watch node error.\n");
    assert_int_equal(json_object_array_length(a), 0);
    json_object_put(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xend_kinds_and_order),
        cmocka_unit_test(test_one_record_per_line),
        cmocka_unit_test(test_harmless_chatter_left_out),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
