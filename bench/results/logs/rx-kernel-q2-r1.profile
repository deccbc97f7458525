    96.89%  [kernel.kallsyms]                   
     1.48%  libc.so.6                           
     1.35%  bpf_prog_721128825aa5fb37_bench_gen 
     0.15%  kernel-sink                         
     0.04%  [vdso]                              
     0.02%  bpf_dispatcher_xdp                  
     0.02%  bpf_prog_614b434cd8324ecc_bench_pass
     0.02%  perf                                
     0.01%  bench-gen                           
     0.01%  ld-linux-x86-64.so.2                
     0.01%  libbpf.so.1.1.2                     
     0.01%  memfd:sealed-91173221a7ea (deleted) 
--
    16.82%  [kernel.kallsyms]                     [k] pvm_irq_enable
     6.83%  [kernel.kallsyms]                     [k] _copy_to_iter
     5.50%  [kernel.kallsyms]                     [k] __check_object_size
     5.26%  [kernel.kallsyms]                     [k] __udp_enqueue_schedule_skb
     4.10%  [kernel.kallsyms]                     [k] __list_del_entry_valid_or_report
     3.07%  [kernel.kallsyms]                     [k] xdp_test_run_init_page
     2.91%  [kernel.kallsyms]                     [k] __xdp_build_skb_from_frame
     2.47%  [kernel.kallsyms]                     [k] _raw_spin_lock
     2.28%  [kernel.kallsyms]                     [k] udp_recvmsg
     2.21%  [kernel.kallsyms]                     [k] skb_release_data
     2.05%  [kernel.kallsyms]                     [k] xdp_test_run_batch.constprop.0
     2.02%  [kernel.kallsyms]                     [k] page_pool_return_netmem
     1.58%  [kernel.kallsyms]                     [k] native_queued_spin_lock_slowpath
     1.56%  [kernel.kallsyms]                     [k] __pi_memcpy
     1.35%  bpf_prog_721128825aa5fb37_bench_gen   [k] bpf_prog_721128825aa5fb37_bench_gen
     1.32%  [kernel.kallsyms]                     [k] udp_queue_rcv_one_skb
     1.22%  [kernel.kallsyms]                     [k] skb_defer_free_flush
     1.21%  [kernel.kallsyms]                     [k] build_skb_around
     1.20%  [kernel.kallsyms]                     [k] build_detached_freelist
     1.15%  [kernel.kallsyms]                     [k] napi_skb_cache_get_bulk
     1.13%  [kernel.kallsyms]                     [k] __skb_try_recv_from_queue
     0.98%  [kernel.kallsyms]                     [k] page_pool_put_unrefed_netmem
     0.88%  [kernel.kallsyms]                     [k] __build_skb_around
     0.87%  libc.so.6                             [.] __recvmmsg
     0.82%  [kernel.kallsyms]                     [k] __netif_receive_skb_core.constprop.0
