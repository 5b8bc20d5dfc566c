/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

#include <string.h>

extern const struct analyzer analyzer_network;

static void run(struct facts *f, const char *path, const char *text)
{
    analyzer_run(&analyzer_network, f, path, text, strlen(text));
}

/* examples/ovm-host/outputs/{brctl-show,ip-o-link,ip-o-addr}.txt, cut */
static const char ovm_brctl[] =
    "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
    "100bc68c90\t\t8000.5cb9018a3e12\tno\t\tbond1\n"
    "\t\t\t\t\t\t\tvif1.1\n"
    "\t\t\t\t\t\t\tvif2.1\n"
    "172.24.19.0\t\t8000.5cb9018a3e10\tno\t\tbond0\n"
    "\t\t\t\t\t\t\tvif1.0\n";
static const char ovm_link[] =
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN \\    link/loopback "
    "00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master bond0 state UP "
    "qlen 1000\\    link/ether 5c:b9:01:8a:3e:10 brd ff:ff:ff:ff:ff:ff\n"
    "10: 172.24.19.0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN \\"
    "    link/ether 5c:b9:01:8a:3e:10 brd ff:ff:ff:ff:ff:ff\n"
    "12: vif1.0: <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast master 172.24.19.0 "
    "state UNKNOWN qlen 32\\    link/ether fe:ff:ff:ff:ff:ff brd ff:ff:ff:ff:ff:ff\n";
static const char ovm_addr[] =
    "1: lo    inet 127.0.0.1/8 scope host lo\n"
    "6: eth4    inet 10.24.30.95/24 brd 10.24.30.255 scope global eth4\n"
    "10: 172.24.19.0    inet 172.24.19.95/24 brd 172.24.19.255 scope global 172.24.19.0\n"
    "10: 172.24.19.0    inet6 fe80::5eb9:1ff:fe8a:3e10/64 scope link \\       valid_lft forever "
    "preferred_lft forever\n";

static void test_network_ovm_host(void **state)
{
    struct facts f;
    json_object *a;

    (void)state;
    test_analyze(&analyzer_network, "cmd/ip-o-addr.out", ovm_addr, &f);
    run(&f, "cmd/brctl-show.out", ovm_brctl);
    run(&f, "cmd/ip-o-link.out", ovm_link);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "network.bridges"),
                        "[{\"name\":\"100bc68c90\",\"id\":\"8000.5cb9018a3e12\",\"stp\":false,"
                        "\"interfaces\":[\"bond1\",\"vif1.1\",\"vif2.1\"]},"
                        "{\"name\":\"172.24.19.0\",\"id\":\"8000.5cb9018a3e10\",\"stp\":false,"
                        "\"interfaces\":[\"bond0\",\"vif1.0\"]}]");
    assert_string_equal(test_fact(&f, "network.interfaces[1]"),
                        "{\"name\":\"eth0\",\"index\":2,\"mtu\":1500,\"state\":\"UP\","
                        "\"mac\":\"5c:b9:01:8a:3e:10\",\"master\":\"bond0\",\"flags\":"
                        "[\"BROADCAST\",\"MULTICAST\",\"SLAVE\",\"UP\",\"LOWER_UP\"]}");
    assert_string_equal(test_fact(&f, "network.interfaces[0].mac"), "\"00:00:00:00:00:00\"");
    assert_string_equal(test_fact(&f, "network.interfaces[0].master"), "null");
    assert_string_equal(test_fact(&f, "network.interfaces[3].master"), "\"172.24.19.0\"");
    assert_string_equal(test_fact(&f, "network.interfaces[3].name"), "\"vif1.0\"");
    /* interface names with dots are keys of their own */
    a = json_object_object_get(json_object_object_get(f.raw, "ip_addr"), "172.24.19.0");
    assert_string_equal(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN |
                                                              JSON_C_TO_STRING_NOSLASHESCAPE),
                        "[\"172.24.19.95/24\",\"fe80::5eb9:1ff:fe8a:3e10/64\"]");
    assert_string_equal(test_raw(&f, "ip_addr.lo"), "[\"127.0.0.1/8\"]");
    facts_release(&f);
}

static void test_network_variants(void **state)
{
    struct facts f;

    (void)state;
    /* a VLAN over eth0, link/none, a bridge without interfaces, STP on, CRLF, a prompt */
    test_analyze(&analyzer_network, "cmd/ip-o-link.out",
                 "[root@sv091 ~]# ip -o link\r\n"
                 "5: eth0.100@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue "
                 "state UP mode DEFAULT \\    link/ether 00:21:f6:00:00:01 "
                 "brd ff:ff:ff:ff:ff:ff\r\n"
                 "6: tun0: <POINTOPOINT,NOARP> mtu 1400 qdisc noop state DOWN \\    link/none \r\n",
                 &f);
    run(&f, "cmd/brctl-show.out",
        "bridge name\tbridge id\t\tSTP enabled\tinterfaces\nxenbr0\t\t8000.000000000000\tyes\n");
    run(&f, "cmd/ip-o-addr.out", "5: eth0.100    inet 192.168.100.5/24 scope global eth0.100\n"
                                 "5: eth0.100    inet 192.168.100.6/24 scope global secondary "
                                 "eth0.100:1\n");
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "network.interfaces[0].name"), "\"eth0.100\"");
    assert_string_equal(test_fact(&f, "network.interfaces[1].mac"), "null");
    assert_string_equal(test_fact(&f, "network.interfaces[1].state"), "\"DOWN\"");
    assert_string_equal(test_fact(&f, "network.bridges[0].stp"), "true");
    assert_string_equal(test_fact(&f, "network.bridges[0].interfaces"), "[]");
    assert_int_equal(json_object_array_length(json_object_object_get(
                         json_object_object_get(f.raw, "ip_addr"), "eth0.100")), 2);
    facts_release(&f);

    /* no bridges at all: the header alone */
    test_analyze(&analyzer_network, "cmd/brctl-show.out",
                 "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n", &f);
    assert_int_equal(test_fact_errors(&f), 0);
    assert_string_equal(test_fact(&f, "network.bridges"), "[]");
    facts_release(&f);
}

static void test_network_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_network, "cmd/brctl-show.out", "", &f);
    run(&f, "cmd/ip-o-link.out", "");
    run(&f, "cmd/ip-o-addr.out", "");
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "network"), "null");
    assert_string_equal(test_raw(&f, "ip_addr"), "null");
    facts_release(&f);

    test_analyze(&analyzer_network, "cmd/brctl-show.out",
                 "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
                 "\t\t\t\t\t\t\torphan0\n"
                 "br0\t\t8000.001122334455\tmaybe\t\teth0\n"
                 "br1\t\t8000.00112233\x01\n"
                 "br2\t\t8000.001122334466\tno\t\teth1\n"
                 "\t\t\t\tvif9.0 extra\n"
                 "\t\t\t\t\t\t\tvif3.", &f);
    assert_int_equal(test_fact_errors(&f), 4);
    assert_string_equal(test_fact(&f, "network.bridges[0].interfaces"), "[\"eth1\",\"vif3.\"]");
    facts_release(&f);

    test_analyze(&analyzer_network, "cmd/ip-o-link.out",
                 "2: eth0: <BROADCAST,UP> mtu lots state UP\n"
                 "eth1: no index\n"
                 "3: eth2: <BROADCAST\n"
                 "4: eth3: <UP> mtu 9000 state U", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_fact(&f, "network.interfaces[0].mtu"), "null");
    assert_string_equal(test_fact(&f, "network.interfaces[1].state"), "\"U\"");
    facts_release(&f);

    test_analyze(&analyzer_network, "cmd/ip-o-addr.out", "2: eth0    inet\nfoo\n\x7f\x7f\n", &f);
    assert_int_equal(test_fact_errors(&f), 4);
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_network_ovm_host),
        cmocka_unit_test(test_network_variants),
        cmocka_unit_test(test_network_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
