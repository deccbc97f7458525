    87.59%  [kernel.kallsyms]                   
    12.31%  bpf_prog_721128825aa5fb37_bench_gen 
     0.03%  ld-linux-x86-64.so.2                
     0.03%  libc.so.6                           
     0.02%  bpf_dispatcher_xdp                  
     0.02%  bpf_prog_614b434cd8324ecc_bench_pass
--
    26.76%  [kernel.kallsyms]                     [k] pvm_irq_enable
    12.31%  bpf_prog_721128825aa5fb37_bench_gen   [k] bpf_prog_721128825aa5fb37_bench_gen
     7.19%  [kernel.kallsyms]                     [k] __xdp_build_skb_from_frame
     6.55%  [kernel.kallsyms]                     [k] __udp_enqueue_schedule_skb
     3.74%  [kernel.kallsyms]                     [k] _raw_spin_lock
     2.25%  [kernel.kallsyms]                     [k] udp_queue_rcv_one_skb
     2.06%  [kernel.kallsyms]                     [k] napi_skb_cache_get_bulk
     1.89%  [kernel.kallsyms]                     [k] __list_del_entry_valid_or_report
     1.87%  [kernel.kallsyms]                     [k] build_skb_around
     1.80%  [kernel.kallsyms]                     [k] native_queued_spin_lock_slowpath
     1.75%  [kernel.kallsyms]                     [k] sock_def_readable
     1.53%  [kernel.kallsyms]                     [k] eth_type_trans
     1.44%  [kernel.kallsyms]                     [k] __netif_receive_skb_core.constprop.0
     1.39%  [kernel.kallsyms]                     [k] page_pool_refill_alloc_cache
     1.25%  [kernel.kallsyms]                     [k] veth_xdp_rcv
     1.19%  [kernel.kallsyms]                     [k] netif_receive_skb_list_internal
     1.13%  [kernel.kallsyms]                     [k] xdp_test_run_batch.constprop.0
     1.02%  [kernel.kallsyms]                     [k] csum_partial
     0.92%  [kernel.kallsyms]                     [k] __udp4_lib_rcv
     0.88%  [kernel.kallsyms]                     [k] __skb_checksum_complete
     0.84%  [kernel.kallsyms]                     [k] gro_receive_skb
     0.83%  [kernel.kallsyms]                     [k] xdp_test_run_init_page
     0.81%  [kernel.kallsyms]                     [k] ip_rcv_core
     0.76%  [kernel.kallsyms]                     [k] __udp4_lib_lookup
     0.75%  [kernel.kallsyms]                     [k] ___slab_alloc
