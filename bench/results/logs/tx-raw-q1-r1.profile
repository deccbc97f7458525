    93.67%  [kernel.kallsyms]                    
     3.73%  libc.so.6                            
     1.58%  bpf_prog_039087406ade3dd7_bench_count
     0.78%  xsk-raw                              
     0.19%  [vdso]                               
     0.06%  libxdp.so.1.3.0                      
--
    12.32%  [kernel.kallsyms]                      [k] __pi_memcpy
    10.64%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.85%  [kernel.kallsyms]                      [k] veth_poll
     3.55%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     3.55%  libc.so.6                              [.] __libc_sendto
     3.38%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.91%  [kernel.kallsyms]                      [k] veth_xmit
     2.55%  [kernel.kallsyms]                      [k] kmem_cache_free
     2.42%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.41%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     2.38%  [kernel.kallsyms]                      [k] net_rx_action
     2.22%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     2.15%  [kernel.kallsyms]                      [k] napi_complete_done
     2.13%  [kernel.kallsyms]                      [k] _find_next_bit
     2.07%  [kernel.kallsyms]                      [k] kfree
     2.05%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.90%  [kernel.kallsyms]                      [k] __slab_free
     1.80%  [kernel.kallsyms]                      [k] sock_wfree
     1.62%  [kernel.kallsyms]                      [k] napi_schedule_prep
     1.61%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     1.58%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.51%  [kernel.kallsyms]                      [k] napi_pp_put_page
     1.40%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
     1.32%  [kernel.kallsyms]                      [k] __alloc_skb
     1.27%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
