    88.08%  [kernel.kallsyms]                    
     5.47%  libafudp.so.0.0.0                    
     4.59%  libc.so.6                            
     1.37%  bpf_prog_039087406ade3dd7_bench_count
     0.32%  afudp-sink                           
     0.08%  [vdso]                               
     0.04%  bpf_dispatcher_xdp                   
     0.03%  memfd:sealed-91173221a7ea (deleted)  
     0.01%  ld-linux-x86-64.so.2                 
     0.00%  perf                                 
--
    15.90%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.50%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     4.09%  [kernel.kallsyms]                      [k] veth_xmit
     3.72%  [kernel.kallsyms]                      [k] veth_poll
     3.05%  [kernel.kallsyms]                      [k] __pi_memcpy
     2.85%  [kernel.kallsyms]                      [k] kmem_cache_free
     2.82%  libc.so.6                              [.] __libc_sendto
     2.75%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.72%  [kernel.kallsyms]                      [k] net_rx_action
     2.53%  [kernel.kallsyms]                      [k] kfree
     2.50%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.00%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     1.82%  [kernel.kallsyms]                      [k] napi_complete_done
     1.68%  [kernel.kallsyms]                      [k] sock_wfree
     1.66%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.66%  [kernel.kallsyms]                      [k] _find_next_bit
     1.53%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
     1.46%  libc.so.6                              [.] pthread_spin_lock@@GLIBC_2.34
     1.37%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.33%  [kernel.kallsyms]                      [k] napi_schedule_prep
     1.33%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.25%  [kernel.kallsyms]                      [k] __slab_free
     1.20%  [kernel.kallsyms]                      [k] napi_pp_put_page
     1.10%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
     1.04%  [kernel.kallsyms]                      [k] __alloc_skb
