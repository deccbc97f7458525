    87.52%  [kernel.kallsyms]                    
     6.04%  libafudp.so.0.0.0                    
     4.56%  libc.so.6                            
     1.43%  bpf_prog_039087406ade3dd7_bench_count
     0.30%  afudp-sink                           
     0.12%  [vdso]                               
     0.02%  perf                                 
--
    16.84%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.22%  [kernel.kallsyms]                      [k] veth_xmit
     3.92%  [kernel.kallsyms]                      [k] veth_poll
     3.06%  [kernel.kallsyms]                      [k] __pi_memcpy
     3.01%  libc.so.6                              [.] __libc_sendto
     2.93%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.86%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.47%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     2.19%  [kernel.kallsyms]                      [k] kfree
     2.02%  [kernel.kallsyms]                      [k] _find_next_bit
     2.00%  [kernel.kallsyms]                      [k] net_rx_action
     1.92%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.90%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.90%  [kernel.kallsyms]                      [k] sock_wfree
     1.85%  [kernel.kallsyms]                      [k] __slab_free
     1.78%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     1.75%  [kernel.kallsyms]                      [k] napi_complete_done
     1.73%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.43%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     1.43%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.36%  [kernel.kallsyms]                      [k] napi_pp_put_page
     1.36%  libc.so.6                              [.] pthread_spin_lock@@GLIBC_2.34
     1.33%  [kernel.kallsyms]                      [k] __rcu_read_lock
     1.31%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
     1.23%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
