    94.13%  [kernel.kallsyms]                    
     3.36%  libc.so.6                            
     1.28%  bpf_prog_039087406ade3dd7_bench_count
     0.93%  xsk-raw                              
     0.17%  [vdso]                               
     0.12%  libxdp.so.1.3.0                      
--
    14.51%  [kernel.kallsyms]                      [k] __pi_memcpy
    11.47%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.42%  [kernel.kallsyms]                      [k] veth_poll
     3.73%  [kernel.kallsyms]                      [k] _raw_spin_lock
     3.19%  libc.so.6                              [.] __libc_sendto
     2.92%  [kernel.kallsyms]                      [k] kmem_cache_free
     2.58%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     2.58%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.43%  [kernel.kallsyms]                      [k] veth_xmit
     2.38%  [kernel.kallsyms]                      [k] _find_next_bit
     2.36%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     2.31%  [kernel.kallsyms]                      [k] kfree
     2.21%  [kernel.kallsyms]                      [k] napi_complete_done
     2.19%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     2.14%  [kernel.kallsyms]                      [k] sock_wfree
     2.09%  [kernel.kallsyms]                      [k] net_rx_action
     1.92%  [kernel.kallsyms]                      [k] __slab_free
     1.89%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.72%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     1.55%  [kernel.kallsyms]                      [k] napi_pp_put_page
     1.45%  [kernel.kallsyms]                      [k] napi_schedule_prep
     1.42%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
     1.35%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
     1.28%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.10%  [kernel.kallsyms]                      [k] __alloc_skb
