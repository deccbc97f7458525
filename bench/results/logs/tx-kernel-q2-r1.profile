    98.93%  [kernel.kallsyms]                    
     0.66%  libc.so.6                            
     0.21%  bpf_prog_039087406ade3dd7_bench_count
     0.06%  kernel-sink                          
     0.06%  ld-linux-x86-64.so.2                 
     0.02%  memfd:sealed-91173221a7ea (deleted)  
     0.02%  perf                                 
     0.01%  [vdso]                               
     0.01%  bench-gen                            
--
     9.13%  [kernel.kallsyms]                      [k] veth_xmit
     7.60%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     5.15%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.99%  [kernel.kallsyms]                      [k] sock_wfree
     4.94%  [kernel.kallsyms]                      [k] __ip_make_skb
     4.63%  [kernel.kallsyms]                      [k] udp_sendmsg
     3.86%  [kernel.kallsyms]                      [k] skb_set_owner_w
     3.83%  [kernel.kallsyms]                      [k] veth_poll
     3.14%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.63%  [kernel.kallsyms]                      [k] skb_copy_header
     2.51%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     2.14%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     2.13%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.10%  [kernel.kallsyms]                      [k] sk_dst_check
     1.87%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.48%  [kernel.kallsyms]                      [k] __ip_append_data
     1.41%  [kernel.kallsyms]                      [k] kfree
     1.31%  [kernel.kallsyms]                      [k] pvclock_clocksource_read_nowd
     1.08%  [kernel.kallsyms]                      [k] memcmp
     1.06%  [kernel.kallsyms]                      [k] ip_finish_output2
     1.06%  [kernel.kallsyms]                      [k] napi_schedule_prep
     0.92%  [kernel.kallsyms]                      [k] __rcu_read_lock
     0.90%  [kernel.kallsyms]                      [k] page_pool_alloc_frag_netmem
     0.87%  [kernel.kallsyms]                      [k] __slab_free
     0.78%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
