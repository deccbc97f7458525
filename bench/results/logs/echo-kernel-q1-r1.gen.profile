    95.90%  [kernel.kallsyms]                   
     3.64%  bpf_prog_721128825aa5fb37_bench_gen 
     0.21%  libc.so.6                           
     0.11%  bpf_dispatcher_xdp                  
     0.09%  bpf_prog_614b434cd8324ecc_bench_pass
     0.02%  ld-linux-x86-64.so.2                
     0.02%  libbpf.so.1.1.2                     
     0.01%  [vdso]                              
     0.01%  bench-gen                           
--
     5.70%  [kernel.kallsyms]                     [k] __udp_enqueue_schedule_skb
     4.91%  [kernel.kallsyms]                     [k] _raw_spin_lock
     4.12%  [kernel.kallsyms]                     [k] pvm_irq_enable
     3.64%  bpf_prog_721128825aa5fb37_bench_gen   [k] bpf_prog_721128825aa5fb37_bench_gen
     3.22%  [kernel.kallsyms]                     [k] xdp_test_run_batch.constprop.0
     3.04%  [kernel.kallsyms]                     [k] __netif_receive_skb_core.constprop.0
     2.64%  [kernel.kallsyms]                     [k] ip_rcv_core
     2.61%  [kernel.kallsyms]                     [k] veth_xdp_rcv
     2.42%  [kernel.kallsyms]                     [k] __udp4_lib_rcv
     2.42%  [kernel.kallsyms]                     [k] page_pool_refill_alloc_cache
     2.38%  [kernel.kallsyms]                     [k] native_queued_spin_lock_slowpath
     2.23%  [kernel.kallsyms]                     [k] kmem_cache_free
     2.07%  [kernel.kallsyms]                     [k] veth_xdp_rcv_one
     2.05%  [kernel.kallsyms]                     [k] __udp4_lib_lookup
     2.02%  [kernel.kallsyms]                     [k] page_pool_put_unrefed_netmem
     1.99%  [kernel.kallsyms]                     [k] __list_del_entry_valid_or_report
     1.97%  [kernel.kallsyms]                     [k] udp4_lib_lookup2
     1.78%  [kernel.kallsyms]                     [k] eth_type_trans
     1.74%  [kernel.kallsyms]                     [k] __skb_checksum_complete
     1.61%  [kernel.kallsyms]                     [k] __xdp_build_skb_from_frame
     1.56%  [kernel.kallsyms]                     [k] __slab_free
     1.51%  [kernel.kallsyms]                     [k] udp_queue_rcv_one_skb
     1.49%  [kernel.kallsyms]                     [k] csum_partial
     1.37%  [kernel.kallsyms]                     [k] raw_local_deliver
     1.33%  [kernel.kallsyms]                     [k] build_skb_around
