    85.58%  [kernel.kallsyms]                    
     8.18%  libc.so.6                            
     2.68%  libafudp.so.0.0.0                    
     1.79%  bpf_prog_721128825aa5fb37_bench_gen  
     1.57%  afudp-echo                           
     0.06%  bpf_prog_039087406ade3dd7_bench_count
     0.06%  bpf_prog_614b434cd8324ecc_bench_pass 
     0.04%  bpf_dispatcher_xdp                   
     0.01%  ld-linux-x86-64.so.2                 
     0.01%  bench-gen                            
     0.01%  libbpf.so.1.1.2                      
     0.01%  memfd:sealed-91173221a7ea (deleted)  
--
    13.64%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.14%  libc.so.6                              [.] __libc_sendmsg
     3.41%  libc.so.6                              [.] __libc_recvfrom
     3.37%  [kernel.kallsyms]                      [k] __udp_enqueue_schedule_skb
     2.13%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.09%  [kernel.kallsyms]                      [k] fib_table_lookup
     1.79%  bpf_prog_721128825aa5fb37_bench_gen    [k] bpf_prog_721128825aa5fb37_bench_gen
     1.62%  [kernel.kallsyms]                      [k] fdget
     1.56%  afudp-echo                             [.] serve
     1.49%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.48%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.47%  [kernel.kallsyms]                      [k] __netif_receive_skb_core.constprop.0
     1.46%  [kernel.kallsyms]                      [k] xdp_test_run_batch.constprop.0
     1.18%  [kernel.kallsyms]                      [k] page_pool_put_unrefed_netmem
     1.18%  [kernel.kallsyms]                      [k] lookup_nulls_elem_raw
     1.15%  [kernel.kallsyms]                      [k] udp4_lib_lookup2
     1.15%  [kernel.kallsyms]                      [k] __slab_free
     1.10%  [kernel.kallsyms]                      [k] __udp4_lib_rcv
     1.08%  [kernel.kallsyms]                      [k] ip_rcv_core
     1.06%  [kernel.kallsyms]                      [k] __list_del_entry_valid_or_report
     1.04%  [kernel.kallsyms]                      [k] __xdp_build_skb_from_frame
     1.00%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     0.98%  [kernel.kallsyms]                      [k] veth_xmit
     0.98%  [kernel.kallsyms]                      [k] __udp4_lib_lookup
     0.97%  [kernel.kallsyms]                      [k] native_queued_spin_lock_slowpath
