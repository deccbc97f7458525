    94.26%  [kernel.kallsyms]                    
     3.37%  libc.so.6                            
     1.35%  bpf_prog_039087406ade3dd7_bench_count
     0.75%  xsk-raw                              
     0.15%  [vdso]                               
     0.06%  libxdp.so.1.3.0                      
     0.02%  memfd:sealed-91173221a7ea (deleted)  
     0.01%  bpf_dispatcher_xdp                   
     0.01%  perf                                 
     0.01%  ld-linux-x86-64.so.2                 
--
    12.31%  [kernel.kallsyms]                      [k] __pi_memcpy
    11.33%  [kernel.kallsyms]                      [k] pvm_irq_enable
     5.12%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     4.46%  [kernel.kallsyms]                      [k] veth_poll
     3.21%  [kernel.kallsyms]                      [k] veth_xmit
     3.04%  libc.so.6                              [.] __libc_sendto
     3.00%  [kernel.kallsyms]                      [k] kmem_cache_free
     2.84%  [kernel.kallsyms]                      [k] net_rx_action
     2.53%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.51%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.26%  [kernel.kallsyms]                      [k] kfree
     2.16%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     2.04%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.90%  [kernel.kallsyms]                      [k] napi_complete_done
     1.74%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
     1.72%  [kernel.kallsyms]                      [k] _find_next_bit
     1.70%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.60%  [kernel.kallsyms]                      [k] sock_wfree
     1.48%  [kernel.kallsyms]                      [k] __slab_free
     1.35%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.31%  [kernel.kallsyms]                      [k] napi_pp_put_page
     1.29%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
     1.27%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     1.23%  [kernel.kallsyms]                      [k] napi_schedule_prep
     1.22%  [kernel.kallsyms]                      [k] skb_defer_free_flush
