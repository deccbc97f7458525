    87.47%  [kernel.kallsyms]                    
     5.50%  libafudp.so.0.0.0                    
     5.23%  libc.so.6                            
     1.26%  bpf_prog_039087406ade3dd7_bench_count
     0.39%  afudp-sink                           
     0.07%  [vdso]                               
     0.04%  bpf_dispatcher_xdp                   
     0.03%  ld-linux-x86-64.so.2                 
--
    15.74%  [kernel.kallsyms]                      [k] pvm_irq_enable
     5.04%  [kernel.kallsyms]                      [k] veth_xmit
     3.94%  [kernel.kallsyms]                      [k] veth_poll
     3.38%  libc.so.6                              [.] __libc_sendto
     2.89%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     2.86%  [kernel.kallsyms]                      [k] __pi_memcpy
     2.72%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.72%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.36%  [kernel.kallsyms]                      [k] kmem_cache_free
     2.20%  [kernel.kallsyms]                      [k] net_rx_action
     2.14%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     2.01%  [kernel.kallsyms]                      [k] kfree
     1.96%  [kernel.kallsyms]                      [k] _find_next_bit
     1.94%  [kernel.kallsyms]                      [k] napi_complete_done
     1.83%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.82%  [kernel.kallsyms]                      [k] sock_wfree
     1.80%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.61%  [kernel.kallsyms]                      [k] __slab_free
     1.47%  libc.so.6                              [.] pthread_spin_lock@@GLIBC_2.34
     1.44%  [kernel.kallsyms]                      [k] napi_pp_put_page
     1.38%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     1.32%  [kernel.kallsyms]                      [k] napi_schedule_prep
     1.28%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
     1.26%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.18%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
