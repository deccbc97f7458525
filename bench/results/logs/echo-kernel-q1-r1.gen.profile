    95.82%  [kernel.kallsyms]                   
     3.61%  bpf_prog_721128825aa5fb37_bench_gen 
     0.22%  libc.so.6                           
     0.20%  bpf_dispatcher_xdp                  
     0.10%  bpf_prog_614b434cd8324ecc_bench_pass
     0.05%  ld-linux-x86-64.so.2                
--
     4.26%  [kernel.kallsyms]                     [k] __udp_enqueue_schedule_skb
     4.18%  [kernel.kallsyms]                     [k] pvm_irq_enable
     3.61%  bpf_prog_721128825aa5fb37_bench_gen   [k] bpf_prog_721128825aa5fb37_bench_gen
     3.39%  [kernel.kallsyms]                     [k] _raw_spin_lock
     3.14%  [kernel.kallsyms]                     [k] __netif_receive_skb_core.constprop.0
     2.87%  [kernel.kallsyms]                     [k] xdp_test_run_batch.constprop.0
     2.82%  [kernel.kallsyms]                     [k] skb_defer_free_flush
     2.67%  [kernel.kallsyms]                     [k] ip_rcv_core
     2.60%  [kernel.kallsyms]                     [k] veth_xdp_rcv
     2.42%  [kernel.kallsyms]                     [k] __udp4_lib_lookup
     2.35%  [kernel.kallsyms]                     [k] udp4_lib_lookup2
     2.18%  [kernel.kallsyms]                     [k] kmem_cache_free
     1.95%  [kernel.kallsyms]                     [k] __list_del_entry_valid_or_report
     1.95%  [kernel.kallsyms]                     [k] __udp4_lib_rcv
     1.90%  [kernel.kallsyms]                     [k] __xdp_build_skb_from_frame
     1.83%  [kernel.kallsyms]                     [k] page_pool_return_netmem
     1.78%  [kernel.kallsyms]                     [k] veth_xdp_rcv_one
     1.76%  [kernel.kallsyms]                     [k] napi_skb_cache_get_bulk
     1.73%  [kernel.kallsyms]                     [k] napi_pp_put_page
     1.68%  [kernel.kallsyms]                     [k] __rcu_read_unlock
     1.58%  [kernel.kallsyms]                     [k] __slab_free
     1.58%  [kernel.kallsyms]                     [k] csum_partial
     1.56%  [kernel.kallsyms]                     [k] build_skb_around
     1.48%  [kernel.kallsyms]                     [k] __skb_checksum_complete
     1.46%  [kernel.kallsyms]                     [k] slab_update_freelist.isra.0
