/* SPDX-License-Identifier: MIT */
#include "tests/unit/helpers.h"
#include "analyzers/analyzer.h"

extern const struct analyzer analyzer_xentop;

/* examples/ovm-host: xentop-frame1.txt + xentop-frame2.txt, i.e. xentop -b -i 2 -d 1 on OVM 3.4
 * (full names, dom0 without max: so MAXMEM(k) "no limit") */
static const char ovm_xentop[] =
    "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k"
    ") NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
    "0004fb00000600001ab4fe3614bd3616 --b---    2551256    0.0   16744412   12.5   16744448      1"
    "2.5     4    2  6706547  6246264    6        7 166375737 14152671 20529029005  703762135    0"
    "\n"
    "0004fb00000600004a27037b0835a489 --b---    1142964    0.0   16744412   12.5   16744448      1"
    "2.5     4    2  4388565  2534142    6        4 70260141  5899767 2637523706  149094454    0\n"
    "0004fb000006000063c616814464d177 --b---     419351    0.0   16744412   12.5   16744448      1"
    "2.5     4    2  1588211   402117    6        3 21340544  4410336  612204881  118044573    0\n"
    "0004fb000006000075cbdd1c01458b89 -----r    2518897    0.0   16744412   12.5   16744448      1"
    "2.5     4    2  5305647   865921    6        2  9550296  6180591  289628309  142759505    0\n"
    "0004fb0000060000848126d4350e937c --b---    2567024    0.0   16744412   12.5   16744448      1"
    "2.5     4    2  5208174   947980    6       10 112832471 13914117 2436016609  446099042    0"
    "\n"
    "0004fb0000060000a31577d2f66b7345 --b---    2030372    0.0   16744412   12.5   16744448      1"
    "2.5     4    2  3456722  3571243    6        1 15132173 10693875  490634847  241001755    0\n"
    "0004fb0000060000cd82eeb81e5f78a1 --b---     435982    0.0   16744412   12.5   16744448      1"
    "2.5     4    2  1369085   163406    6        1  7058985  2720665  569544226   96907732    0\n"
    "  Domain-0 -----r    3867699    0.0    2863104    2.1   no limit       n/a    16    0        "
    "0        0    0        0        0        0          0          0    0\n"
    "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k"
    ") NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
    "0004fb00000600001ab4fe3614bd3616 --b---    2551257   98.4   16744412   12.5   16744448      1"
    "2.5     4    2  6706558  6246271    6        7 166375775 14152683 20529030215  703762537    0"
    "\n"
    "0004fb00000600004a27037b0835a489 --b---    1142965  104.1   16744412   12.5   16744448      1"
    "2.5     4    2  4388576  2534149    6        4 70260179  5899779 2637524916  149094856    0\n"
    "0004fb000006000063c616814464d177 --b---     419352  103.6   16744412   12.5   16744448      1"
    "2.5     4    2  1588222   402124    6        3 21340582  4410348  612206091  118044975    0\n"
    "0004fb000006000075cbdd1c01458b89 -----r    2518898  121.9   16744412   12.5   16744448      1"
    "2.5     4    2  5305658   865928    6        2  9550334  6180603  289629519  142759907    0\n"
    "0004fb0000060000848126d4350e937c --b---    2567025  101.8   16744412   12.5   16744448      1"
    "2.5     4    2  5208185   947987    6       10 112832509 13914129 2436017819  446099444    0"
    "\n"
    "0004fb0000060000a31577d2f66b7345 --b---    2030373  101.7   16744412   12.5   16744448      1"
    "2.5     4    2  3456733  3571250    6        1 15132211 10693887  490636057  241002157    0\n"
    "0004fb0000060000cd82eeb81e5f78a1 --b---     435983  104.7   16744412   12.5   16744448      1"
    "2.5     4    2  1369096   163413    6        1  7059023  2720677  569545436   96908134    0\n"
    "  Domain-0 -----r    3867700   54.2    2863104    2.1   no limit       n/a    16    0        "
    "0        0    0        0        0        0          0          0    0\n";

/* xenlab running-xentop-b-i2-d1.txt (Xen 4.17, names right-aligned) */
static const char xenlab_xentop[] =
    "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k"
    ") NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
    "  Domain-0 -----r         58    0.0    1048576   50.0    1048576      50.0     2    0        "
    "0        0    0        0        0        0          0          0    0\n"
    "      tiny --b---          4    0.0     262144   12.5     263168      12.6     1    0        "
    "0        0    1        0        3        0         24          0    0\n"
    "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k"
    ") NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
    "  Domain-0 -----r         58    7.8    1048576   50.0    1048576      50.0     2    0        "
    "0        0    0        0        0        0          0          0    0\n"
    "      tiny --b---          4    0.4     262144   12.5     263168      12.6     1    0        "
    "0        0    1        0        3        0         24          0    0\n";

/* The talk's first capture: 10-character names, tab-separated, interactive header above */
static const char talk_xentop_short[] =
    "```\n"
    "xentop - 01:25:09 Xen 4.4.40VM\n"
    "7 domains: 7 running, 0 blocked, 0 paused, 0 crashed, 0 dying, 0 shutdown\n"
    "Mem: 134089040k total, 105872228k used, 28216812k free CPUs: 16 @ 1698MHz\n"
    "```\n"
    "\n"
    "NAME\tSTATE\tCPU(sec)\tCPU(%)\tMEM(k)\tMEM(%)\tMAXMEM(k)\tMAXMEM(%)\tVCPUS\tNETS\tNETTX(k)\tN"
    "ETRX(k)\tVBDS\tVBD_00\tVBD_RD\tVBD_WR\tVBD_RSECT\tVBD_WSECT\tSSID\n"
    "0004fb0000\t-----r\t2576284\t101.9\t16744412\t12.5\t16744448\t12.5\t4\t2\t6706307\t6246144\t6"
    "\t7\t166372565\t14152398\t20528968189\t703751050\t0\n"
    "0004fb0000\t-----r\t1161531\t104.8\t16744412\t12.5\t16744448\t12.5\t4\t2\t4388360\t2534062\t6"
    "\t4\t70259624\t5899554\t2637507210\t149089976\t0\n"
    "0004fb0000\t-----r\t2536826\t104.8\t16744412\t12.5\t16744448\t12.5\t4\t2\t5305504\t865909\t6"
    "\t2\t9549958\t6180375\t289616933\t142755219\t0\n"
    "0004fb0000\t-----r\t2593169\t104.8\t16744412\t12.5\t16744448\t12.5\t4\t2\t5208046\t947980\t6"
    "\t10\t112831934\t13913929\t2435999873\t446094680\t0\n"
    "0004fb0000\t-----r\t2045759\t101.7\t16744412\t12.5\t16744448\t12.5\t4\t2\t3456593\t3571243\t6"
    "\t1\t15131845\t10693713\t490624383\t240997839\t0\n"
    "0004fb0000\t-----r\t453116\t105.0\t16744412\t12.5\t16744448\t12.5\t4\t2\t1368957\t163406\t6\t"
    "1\t7058671\t2720478\t569534178\t96903270\t0\n"
    "Domain-0\t-----r\t3911056\t80.3\t2863220\t2.1\t3538944\t2.6\t16\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    "\n";

/* The talk's second capture (-f -n): full names, columns repeated, net lines, a header lost */
static const char talk_xentop_full[] =
    "```\n"
    "xentop - 01:31:28 Xen 4.4.40VM\n"
    "7 domains: 7 running, 0 blocked, 0 paused, 0 crashed, 0 dying, 0 shutdown\n"
    "xentop - 01:27:50 Xen 4.4.40VM\n"
    "7 domains: 7 running, 0 blocked, 0 paused, 0 crashed, 0 dying, 0 shutdown\n"
    "Mem: 134089040k total, 105872228k used, 28216812k free CPUs: 16 @ 1698MHz\n"
    "```\n"
    "\n"
    "NAME\tSTATE\tCPU(sec)\tCPU(%)\tMEM(k)\tMEM(%)\tMAXMEM(k)\tMAXMEM(%)\tVCPUS\tNETS\tNETTX(k)\tN"
    "ETRX(k)\tVBDS\tVBD_00\tVBD_RD\tVBD_WR\tVBD_RSECT\tVBD_WSECT\tSSID\t\t\n"
    "0004fb00000600001ab4fe3614bd3616\t-----r\t2576452\t107.2\t16744412\t12.5\t16744448\t12.5\t167"
    "44448\t12.5\t4\t2\t6706547\t6246264\t6\t7\t166375737\t14152671\t20529029005\t703762135\t0\n"
    "0004fb000006000004a27037b0835a489\t-----r\t1161702\t106.8\t16744412\t12.5\t16744448\t12.5\t16"
    "744448\t12.5\t4\t2\t4388565\t2534142\t6\t4\t70260141\t5899767\t2637523706\t149094454\t0\n"
    "0004fb0000060000075cbdd1c01458b89\t-----r\t2536996\t126.7\t16744412\t12.5\t16744448\t12.5\t16"
    "744448\t12.5\t4\t2\t5305647\t865921\t6\t2\t9550296\t6180591\t289628309\t142759505\t0\n"
    "0004fb00000600000848126d4350e937c\t-----r\t2593335\t102.2\t16744412\t12.5\t16744448\t12.5\t16"
    "744448\t12.5\t4\t2\t5208174\t947980\t6\t10\t112832471\t13914117\t2436016609\t446099042\t0\n"
    "0004fb00000600000a31577d2f66b7345\t-----r\t2045924\t102.8\t16744412\t12.5\t16744448\t12.5\t16"
    "744448\t12.5\t4\t2\t3456722\t3571243\t6\t1\t15132173\t10693875\t490634847\t241001755\t0\n"
    "0004fb00000600000cd82eeb81e5f78a1\t-----r\t453286\t105.2\t16744412\t12.5\t16744448\t12.5\t167"
    "44448\t12.5\t4\t2\t1369085\t163406\t6\t1\t7058985\t2720665\t569544226\t96907732\t0\n"
    "Domain-0\t-----r\t3911141\t52.6\t2863220\t2.1\t3538944\t2.6\t16\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    "\t0\t0\n"
    "Net0 RX: 307652896bytes\t\t3202024pkts\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
    "0004fb0000\t-----r\t2593561\t101.8\t16744412\t12.5\t16744448\t12.5\t16744448\t12.5\t4\t2\t520"
    "8347\t947980\t6\t10\t112834542\t13914532\t2436098449\t446106969\t0\n"
    "Net0 RX: 932617850bytes\t\t3291139pkts\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
    "Net1 RX: 38113951bytes\t\t101076pkts\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
    "0004fb0000\t-----r\t2046146\t101.8\t16744412\t12.5\t16744448\t12.5\t16744448\t12.5\t4\t2\t345"
    "6895\t3571243\t6\t1\t15132677\t10694137\t490650943\t241007813\t0\n"
    "Net0 RX: 3638705110bytes\t\t1814499pkts\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
    "Net1 RX: 18248286bytes\t\t46949pkts\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
    "0004fb0000\t-----r\t453516\t104.7\t16744412\t12.5\t16744448\t12.5\t16744448\t12.5\t4\t2\t1369"
    "258\t163406\t6\t1\t7059496\t2721014\t569560498\t96914978\t0\n"
    "Net0 RX: 9600528bytes\t\t51672pkts\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
    "Net1 RX: 157727241bytes\t\t482514pkts\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
    "Domain-0\t-----r\t3911257\t54.2\t2863220\t2.1\t3538944\t2.6\t16\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    "\t0\t0\n";

static void test_xentop_ovm(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xentop, "cmd/xentop.out", ovm_xentop, &f);
    assert_int_equal(test_fact_errors(&f) + test_fact_notes(&f), 0);
    assert_string_equal(test_raw(&f, "xentop.frames"), "2");
    /* the second frame's values */
    assert_string_equal(test_raw(&f, "xentop.domains[0]"),
                        "{\"name\":\"0004fb00000600001ab4fe3614bd3616\",\"state\":\"--b---\","
                        "\"flags\":{\"running\":false,\"blocked\":true,\"paused\":false,"
                        "\"shutdown\":false,\"crashed\":false,\"dying\":false},\"cpu_s\":2551257,"
                        "\"cpu_pct\":98,\"mem_kb\":16744412,\"maxmem_kb\":16744448,\"vcpus\":4,"
                        "\"nets\":2,\"nettx_kb\":6706558,\"netrx_kb\":6246271,\"vbds\":6,"
                        "\"vbd_rd\":166375775,\"vbd_wr\":14152683,\"ssid\":0}");
    assert_string_equal(test_raw(&f, "xentop.domains[3].flags.running"), "true");
    assert_string_equal(test_raw(&f, "xentop.domains[3].cpu_pct"), "122");
    assert_string_equal(test_raw(&f, "xentop.domains[7].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xentop.domains[7].mem_kb"), "2863104");
    assert_string_equal(test_raw(&f, "xentop.domains[7].maxmem_kb"), "null");
    assert_true(json_object_object_get_ex(
        json_object_array_get_idx(
            json_object_object_get(json_object_object_get(f.raw, "xentop"), "domains"), 7),
        "maxmem_kb", NULL));   /* present, as JSON null */
    assert_string_equal(test_raw(&f, "xentop.domains[7].vcpus"), "16");
    assert_string_equal(test_raw(&f, "xentop.domains[7].cpu_s"), "3867700");
    assert_string_equal(test_raw(&f, "xentop.domains[8]"), "null");
    facts_release(&f);
}

static void test_xentop_xenlab(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xentop, "cmd/xentop.out", xenlab_xentop, &f);
    assert_int_equal(test_fact_errors(&f) + test_fact_notes(&f), 0);
    assert_string_equal(test_raw(&f, "xentop.frames"), "2");
    assert_string_equal(test_raw(&f, "xentop.domains[0].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xentop.domains[0].cpu_pct"), "8");
    assert_string_equal(test_raw(&f, "xentop.domains[0].maxmem_kb"), "1048576");
    assert_string_equal(test_raw(&f, "xentop.domains[1].name"), "\"tiny\"");
    assert_string_equal(test_raw(&f, "xentop.domains[1].flags.blocked"), "true");
    assert_string_equal(test_raw(&f, "xentop.domains[1].cpu_pct"), "0");
    assert_string_equal(test_raw(&f, "xentop.domains[1].maxmem_kb"), "263168");
    assert_string_equal(test_raw(&f, "xentop.domains[1].vbds"), "1");
    assert_string_equal(test_raw(&f, "xentop.domains[1].vbd_rd"), "3");
    assert_string_equal(test_raw(&f, "xentop.domains[2]"), "null");
    facts_release(&f);
}

static void test_xentop_talk_short_names(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xentop, "cmd/xentop.out", talk_xentop_short, &f);
    assert_int_equal(test_fact_errors(&f) + test_fact_notes(&f), 0);
    assert_string_equal(test_raw(&f, "xentop.frames"), "1");
    /* truncated names repeat: all kept */
    assert_string_equal(test_raw(&f, "xentop.domains[0].name"), "\"0004fb0000\"");
    assert_string_equal(test_raw(&f, "xentop.domains[0].cpu_s"), "2576284");
    assert_string_equal(test_raw(&f, "xentop.domains[0].cpu_pct"), "102");
    assert_string_equal(test_raw(&f, "xentop.domains[5].name"), "\"0004fb0000\"");
    assert_string_equal(test_raw(&f, "xentop.domains[5].vbd_rd"), "7058671");
    assert_string_equal(test_raw(&f, "xentop.domains[6].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xentop.domains[6].cpu_pct"), "80");
    assert_string_equal(test_raw(&f, "xentop.domains[6].maxmem_kb"), "3538944");
    assert_string_equal(test_raw(&f, "xentop.domains[7]"), "null");
    facts_release(&f);
}

static void test_xentop_talk_misaligned(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xentop, "cmd/xentop.out", talk_xentop_full, &f);
    /* every row has 2 or 4 values too many: realigned, with a note each; Domain-0 twice */
    assert_int_equal(test_fact_errors(&f), 0);
    assert_int_equal(test_fact_notes(&f), 12);
    assert_string_equal(test_fact(&f, "errors[0].line"), "10");
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"19 values where the header has 17 columns: the columns after "
                        "MAXMEM(%) read from the right\"");
    assert_string_equal(test_fact(&f, "errors[6].message"),
                        "\"19 values where the header has 17 columns: the last 2 ignored\"");
    assert_string_equal(test_fact(&f, "errors[11].message"),
                        "\"'Domain-0' twice in one frame (a header line is missing): the later "
                        "row kept\"");
    assert_string_equal(test_raw(&f, "xentop.frames"), "1");
    assert_string_equal(test_raw(&f, "xentop.domains[0].name"),
                        "\"0004fb00000600001ab4fe3614bd3616\"");
    assert_string_equal(test_raw(&f, "xentop.domains[0].cpu_pct"), "107");
    assert_string_equal(test_raw(&f, "xentop.domains[0].maxmem_kb"), "16744448");
    assert_string_equal(test_raw(&f, "xentop.domains[0].vcpus"), "4");
    assert_string_equal(test_raw(&f, "xentop.domains[0].nets"), "2");
    assert_string_equal(test_raw(&f, "xentop.domains[0].vbd_wr"), "14152671");
    assert_string_equal(test_raw(&f, "xentop.domains[0].ssid"), "0");
    /* Domain-0: the later row, in the place of the first */
    assert_string_equal(test_raw(&f, "xentop.domains[6].name"), "\"Domain-0\"");
    assert_string_equal(test_raw(&f, "xentop.domains[6].cpu_s"), "3911257");
    assert_string_equal(test_raw(&f, "xentop.domains[6].vcpus"), "16");
    assert_string_equal(test_raw(&f, "xentop.domains[7].name"), "\"0004fb0000\"");
    assert_string_equal(test_raw(&f, "xentop.domains[9].cpu_s"), "453516");
    assert_string_equal(test_raw(&f, "xentop.domains[10]"), "null");
    facts_release(&f);
}

/* An old xentop without VBD_RSECT/VBD_WSECT, per-vcpu/vbd detail lines, a paused and a dying
 * domain, a short row, a row before any header, and a last frame cut off after its header. */
static void test_xentop_edge(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xentop, "cmd/xentop.out",
                 "  Domain-0 -----r 10 0.0 524288 25.0 no limit n/a 2 0 0 0 0 0 0 0 0\n"
                 "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) "
                 "VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR SSID\n"
                 "  Domain-0 -----r         40    0.5     524288   25.0   no limit       n/a"
                 "     2    0        0        0    0        0        0        0    0\n"
                 "VCPUs(sec):   0:         20s  1:         20s\n"
                 "  guest one ----p-  7 0.0 262144 12.5 262144 12.5 1 1 5 6 1 0 3 4 0\n"
                 "VBD BlkBack 51712 [ca: 0]  OO:        0   RD:        3   WR:        4\n"
                 "  Net0 RX:      6bytes        1pkts        0err        0drop  TX:      5bytes\n"
                 "     gone d----- 1 0.0 0 0.0 0 0.0 0 0 0 0 0 0 0 0 0\n"
                 "     Delay -----r 1 0.0 1024 0.0 1024 0.0 1 0 0 0 0 0 0 0 0\n"
                 "    broken --b--- 1 0.0 262144 12.5\n"
                 "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) "
                 "VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR SSID\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 2);
    assert_string_equal(test_fact(&f, "errors[0].line"), "1");
    assert_string_equal(test_fact(&f, "errors[1].line"), "10");
    assert_string_equal(test_fact(&f, "errors[1].message"),
                        "\"'    broken --b--- 1 0.0 262144 12.5': 4 values where the header has "
                        "15 columns\"");
    assert_string_equal(test_raw(&f, "xentop.frames"), "2");
    assert_string_equal(test_raw(&f, "xentop.domains[0].maxmem_kb"), "null");
    assert_string_equal(test_raw(&f, "xentop.domains[0].cpu_pct"), "1");
    assert_string_equal(test_raw(&f, "xentop.domains[0].ssid"), "0");
    assert_string_equal(test_raw(&f, "xentop.domains[1].name"), "\"guest one\"");
    assert_string_equal(test_raw(&f, "xentop.domains[1].flags.paused"), "true");
    assert_string_equal(test_raw(&f, "xentop.domains[1].nettx_kb"), "5");
    assert_string_equal(test_raw(&f, "xentop.domains[1].netrx_kb"), "6");
    assert_string_equal(test_raw(&f, "xentop.domains[1].vbd_wr"), "4");
    assert_string_equal(test_raw(&f, "xentop.domains[2].flags.dying"), "true");
    assert_string_equal(test_raw(&f, "xentop.domains[2].vcpus"), "0");
    assert_string_equal(test_raw(&f, "xentop.domains[3].name"), "\"Delay\"");
    assert_string_equal(test_raw(&f, "xentop.domains[4]"), "null");
    facts_release(&f);
}

static void test_xentop_malformed(void **state)
{
    struct facts f;

    (void)state;
    test_analyze(&analyzer_xentop, "cmd/xentop.out", "", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_raw(&f, "xentop"), "null");
    facts_release(&f);

    test_analyze(&analyzer_xentop, "cmd/xentop.out", "\x89PNG\r\n\x1a\n\x00\x00", &f);
    assert_int_equal(test_fact_errors(&f), 3);
    assert_string_equal(test_raw(&f, "xentop"), "null");
    facts_release(&f);

    /* only a header */
    test_analyze(&analyzer_xentop, "cmd/xentop.out", "NAME STATE CPU(sec) CPU(%)\n", &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"xentop: no domain rows under the column header\"");
    facts_release(&f);

    /* truncated mid-row: the complete row stays, the cut one is an error */
    test_analyze(&analyzer_xentop, "cmd/xentop.out",
                 "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS"
                 " NETS "
                 "NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
                 "  Domain-0 -----r         40    5.6    1048576   50.0    1048576      50.0     2"
                 "    0        0        0    0        0        0        0          0          0   "
                 " 0\n"
                 "      tiny --b---          4    0.4     262144   12.5     263168      12",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].line"), "3");
    assert_string_equal(test_raw(&f, "xentop.domains[0].cpu_pct"), "6");
    assert_string_equal(test_raw(&f, "xentop.domains[1]"), "null");
    facts_release(&f);

    /* a bad number in a row of the right length */
    test_analyze(&analyzer_xentop, "cmd/xentop.out",
                 "NAME STATE CPU(sec) CPU(%) MEM(k)\nvm1 --b--- 1 0.0 lots\nvm2 --b--- 1 0.0 5\n",
                 &f);
    assert_int_equal(test_fact_errors(&f), 1);
    assert_string_equal(test_fact(&f, "errors[0].message"),
                        "\"'vm1 --b--- 1 0.0 lots': a column is not a number\"");
    assert_string_equal(test_raw(&f, "xentop.domains[0].mem_kb"), "5");
    facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xentop_ovm),
        cmocka_unit_test(test_xentop_xenlab),
        cmocka_unit_test(test_xentop_talk_short_names),
        cmocka_unit_test(test_xentop_talk_misaligned),
        cmocka_unit_test(test_xentop_edge),
        cmocka_unit_test(test_xentop_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
