    96.47%  [kernel.kallsyms]                   
     3.38%  bpf_prog_721128825aa5fb37_bench_gen 
     0.07%  ld-linux-x86-64.so.2                
     0.05%  bpf_prog_614b434cd8324ecc_bench_pass
     0.02%  libc.so.6                           
--
    13.98%  [kernel.kallsyms]                     [k] pvm_irq_enable
     6.52%  [kernel.kallsyms]                     [k] __udp_enqueue_schedule_skb
     6.40%  [kernel.kallsyms]                     [k] skb_defer_free_flush
     5.84%  [kernel.kallsyms]                     [k] __xdp_build_skb_from_frame
     4.46%  [kernel.kallsyms]                     [k] build_skb_around
     4.17%  [kernel.kallsyms]                     [k] skb_release_data
     3.38%  bpf_prog_721128825aa5fb37_bench_gen   [k] bpf_prog_721128825aa5fb37_bench_gen
     3.16%  [kernel.kallsyms]                     [k] napi_skb_cache_get_bulk
     2.97%  [kernel.kallsyms]                     [k] _raw_spin_lock
     2.82%  [kernel.kallsyms]                     [k] veth_xdp_rcv
     2.40%  [kernel.kallsyms]                     [k] xdp_test_run_batch.constprop.0
     2.16%  [kernel.kallsyms]                     [k] __build_skb_around
     1.84%  [kernel.kallsyms]                     [k] __netif_receive_skb_core.constprop.0
     1.50%  [kernel.kallsyms]                     [k] ip_rcv_core
     1.47%  [kernel.kallsyms]                     [k] __udp4_lib_lookup
     1.35%  [kernel.kallsyms]                     [k] csum_partial
     1.32%  [kernel.kallsyms]                     [k] __list_del_entry_valid_or_report
     1.30%  [kernel.kallsyms]                     [k] udp_queue_rcv_one_skb
     1.25%  [kernel.kallsyms]                     [k] __rcu_read_unlock
     1.25%  [kernel.kallsyms]                     [k] udp4_lib_lookup2
     1.20%  [kernel.kallsyms]                     [k] sock_def_readable
     1.15%  [kernel.kallsyms]                     [k] fib_table_lookup
     1.03%  [kernel.kallsyms]                     [k] ip_rcv_finish_core
     1.01%  [kernel.kallsyms]                     [k] napi_consume_skb
     1.01%  [kernel.kallsyms]                     [k] native_queued_spin_lock_slowpath
