    94.73%  [kernel.kallsyms]                    
     2.98%  libc.so.6                            
     1.22%  bpf_prog_039087406ade3dd7_bench_count
     0.81%  xsk-raw                              
     0.10%  [vdso]                               
     0.09%  libxdp.so.1.3.0                      
     0.04%  ld-linux-x86-64.so.2                 
     0.02%  memfd:sealed-91173221a7ea (deleted)  
     0.01%  bpf_dispatcher_xdp                   
     0.01%  perf                                 
--
    20.64%  [kernel.kallsyms]                      [k] __pi_memcpy
     9.82%  [kernel.kallsyms]                      [k] pvm_irq_enable
     3.93%  [kernel.kallsyms]                      [k] veth_poll
     3.40%  [kernel.kallsyms]                      [k] kmem_cache_free
     3.21%  [kernel.kallsyms]                      [k] veth_xmit
     3.16%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     2.63%  libc.so.6                              [.] __libc_sendto
     2.53%  [kernel.kallsyms]                      [k] kfree
     2.47%  [kernel.kallsyms]                      [k] net_rx_action
     2.12%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.11%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.10%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     1.62%  [kernel.kallsyms]                      [k] _find_next_bit
     1.59%  [kernel.kallsyms]                      [k] napi_complete_done
     1.57%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
     1.57%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.46%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.44%  [kernel.kallsyms]                      [k] __alloc_skb
     1.36%  [kernel.kallsyms]                      [k] napi_schedule_prep
     1.35%  [kernel.kallsyms]                      [k] sock_wfree
     1.34%  [kernel.kallsyms]                      [k] __slab_free
     1.22%  [kernel.kallsyms]                      [k] __memcg_slab_free_hook
     1.22%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
     1.22%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.02%  [kernel.kallsyms]                      [k] napi_pp_put_page
