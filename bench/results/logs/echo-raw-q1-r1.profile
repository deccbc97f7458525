    95.67%  [kernel.kallsyms]                    
     2.13%  xsk-raw                              
     1.32%  libc.so.6                            
     0.54%  bpf_prog_039087406ade3dd7_bench_count
     0.12%  ld-linux-x86-64.so.2                 
     0.12%  perf                                 
     0.05%  [vdso]                               
     0.02%  bpf_prog_86fd84f7aed8d530_bench_xsk  
     0.02%  libxdp.so.1.3.0                      
--
    18.63%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
    15.79%  [kernel.kallsyms]                      [k] pvm_irq_enable
    14.35%  [kernel.kallsyms]                      [k] __pi_memcpy
     8.99%  [kernel.kallsyms]                      [k] _raw_spin_lock
     4.65%  [kernel.kallsyms]                      [k] xp_raw_get_data
     2.23%  [kernel.kallsyms]                      [k] veth_poll
     1.76%  xsk-raw                                [.] rx_loop
     1.69%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.42%  [kernel.kallsyms]                      [k] net_rx_action
     1.25%  [kernel.kallsyms]                      [k] pvm_safe_halt_hc
     1.22%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.18%  [kernel.kallsyms]                      [k] kfree
     1.18%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     1.00%  [kernel.kallsyms]                      [k] _find_next_bit
     0.91%  [kernel.kallsyms]                      [k] skb_set_owner_w
     0.91%  [kernel.kallsyms]                      [k] veth_xmit
     0.88%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     0.86%  libc.so.6                              [.] __libc_sendto
     0.81%  [kernel.kallsyms]                      [k] __slab_free
     0.81%  [kernel.kallsyms]                      [k] napi_complete_done
     0.78%  [kernel.kallsyms]                      [k] xsk_sendmsg
     0.76%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     0.73%  [kernel.kallsyms]                      [k] __alloc_skb
     0.69%  [kernel.kallsyms]                      [k] __napi_build_skb
     0.69%  [kernel.kallsyms]                      [k] sock_wfree
