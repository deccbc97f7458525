    95.05%  [kernel.kallsyms]                    
     2.35%  xsk-raw                              
     1.56%  libc.so.6                            
     0.66%  bpf_prog_039087406ade3dd7_bench_count
     0.15%  libxdp.so.1.3.0                      
     0.08%  [vdso]                               
     0.07%  memfd:sealed-91173221a7ea (deleted)  
     0.04%  ld-linux-x86-64.so.2                 
     0.01%  bench-gen                            
     0.01%  bpf_dispatcher_xdp                   
     0.01%  libbpf.so.1.1.2                      
     0.01%  perf                                 
--
    17.19%  [kernel.kallsyms]                      [k] __pi_memcpy
    17.15%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
    15.91%  [kernel.kallsyms]                      [k] pvm_irq_enable
     8.16%  [kernel.kallsyms]                      [k] _raw_spin_lock
     3.95%  [kernel.kallsyms]                      [k] xp_raw_get_data
     1.95%  xsk-raw                                [.] rx_loop
     1.67%  [kernel.kallsyms]                      [k] veth_poll
     1.60%  [kernel.kallsyms]                      [k] veth_xmit
     1.53%  [kernel.kallsyms]                      [k] net_rx_action
     1.42%  [kernel.kallsyms]                      [k] kfree
     1.39%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.27%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.25%  [kernel.kallsyms]                      [k] pvm_safe_halt_hc
     1.17%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.14%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     1.07%  libc.so.6                              [.] __libc_sendto
     0.89%  [kernel.kallsyms]                      [k] __slab_free
     0.82%  [kernel.kallsyms]                      [k] napi_complete_done
     0.76%  [kernel.kallsyms]                      [k] sock_wfree
     0.75%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     0.74%  [kernel.kallsyms]                      [k] skb_set_owner_w
     0.69%  [kernel.kallsyms]                      [k] skb_defer_free_flush
     0.67%  [kernel.kallsyms]                      [k] xsk_sendmsg
     0.66%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     0.65%  [kernel.kallsyms]                      [k] _find_next_bit
