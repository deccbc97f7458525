    76.90%  [kernel.kallsyms]                    
    15.16%  libc.so.6                            
     5.07%  libafudp.so.0.0.0                    
     2.10%  afudp-echo                           
     0.70%  bpf_prog_039087406ade3dd7_bench_count
     0.05%  memfd:sealed-91173221a7ea (deleted)  
     0.02%  bench-gen                            
--
    20.70%  [kernel.kallsyms]                      [k] pvm_irq_enable
     7.62%  libc.so.6                              [.] __libc_sendmsg
     6.29%  libc.so.6                              [.] __libc_recvfrom
     4.19%  [kernel.kallsyms]                      [k] fdget
     2.80%  [kernel.kallsyms]                      [k] fib_table_lookup
     2.15%  libafudp.so.0.0.0                      [.] afudp_tx_kern_sa
     2.12%  [kernel.kallsyms]                      [k] lookup_nulls_elem_raw
     2.07%  [kernel.kallsyms]                      [k] ip_route_output_key_hash_rcu
     2.07%  afudp-echo                             [.] serve
     1.87%  [kernel.kallsyms]                      [k] __check_object_size
     1.75%  [kernel.kallsyms]                      [k] fib_lookup_good_nhc
     1.75%  [kernel.kallsyms]                      [k] ip_finish_output2
     1.60%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.57%  [kernel.kallsyms]                      [k] udp_recvmsg
     1.55%  libafudp.so.0.0.0                      [.] zc_recv
     1.47%  [kernel.kallsyms]                      [k] skb_attempt_defer_free
     1.42%  [kernel.kallsyms]                      [k] veth_xmit
     1.32%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.22%  [kernel.kallsyms]                      [k] __bpf_prog_enter_recur
     1.12%  [kernel.kallsyms]                      [k] __ip_select_ident
     1.07%  [kernel.kallsyms]                      [k] csum_partial_copy_generic
     1.00%  [kernel.kallsyms]                      [k] ____sys_sendmsg
     0.95%  [kernel.kallsyms]                      [k] _copy_to_iter
     0.85%  [kernel.kallsyms]                      [k] __virt_addr_valid
     0.85%  [kernel.kallsyms]                      [k] pvclock_clocksource_read_nowd
