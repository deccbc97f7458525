    93.68%  [kernel.kallsyms]                   
     3.94%  bpf_prog_721128825aa5fb37_bench_gen 
     1.99%  libc.so.6                           
     0.20%  kernel-sink                         
     0.06%  bpf_prog_614b434cd8324ecc_bench_pass
     0.04%  [vdso]                              
     0.04%  bench-gen                           
     0.04%  ld-linux-x86-64.so.2                
     0.02%  bpf_dispatcher_xdp                  
--
    21.90%  [kernel.kallsyms]                     [k] pvm_irq_enable
     5.67%  [kernel.kallsyms]                     [k] __udp_enqueue_schedule_skb
     4.30%  [kernel.kallsyms]                     [k] _copy_to_iter
     3.94%  bpf_prog_721128825aa5fb37_bench_gen   [k] bpf_prog_721128825aa5fb37_bench_gen
     3.49%  [kernel.kallsyms]                     [k] __check_object_size
     2.89%  [kernel.kallsyms]                     [k] _raw_spin_lock
     2.57%  [kernel.kallsyms]                     [k] __xdp_build_skb_from_frame
     2.54%  [kernel.kallsyms]                     [k] skb_defer_free_flush
     2.34%  [kernel.kallsyms]                     [k] pvm_write_msr
     2.02%  [kernel.kallsyms]                     [k] xdp_test_run_batch.constprop.0
     2.00%  [kernel.kallsyms]                     [k] __list_del_entry_valid_or_report
     1.89%  [kernel.kallsyms]                     [k] udp_recvmsg
     1.77%  [kernel.kallsyms]                     [k] xdp_test_run_init_page
     1.66%  [kernel.kallsyms]                     [k] udp_queue_rcv_one_skb
     1.52%  [kernel.kallsyms]                     [k] __pi_memcpy
     1.49%  [kernel.kallsyms]                     [k] napi_skb_cache_get_bulk
     1.29%  [kernel.kallsyms]                     [k] build_skb_around
     1.29%  [kernel.kallsyms]                     [k] skb_release_data
     1.24%  [kernel.kallsyms]                     [k] page_pool_return_netmem
     1.00%  [kernel.kallsyms]                     [k] veth_xdp_rcv
     0.99%  [kernel.kallsyms]                     [k] sock_def_readable
     0.95%  [kernel.kallsyms]                     [k] native_queued_spin_lock_slowpath
     0.91%  [kernel.kallsyms]                     [k] page_reporting_bitmap_mark_allocated
     0.85%  libc.so.6                             [.] __recvmmsg
     0.82%  [kernel.kallsyms]                     [k] napi_pp_put_page
