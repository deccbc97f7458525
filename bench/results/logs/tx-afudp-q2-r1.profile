    88.77%  [kernel.kallsyms]                    
     5.78%  libafudp.so.0.0.0                    
     3.61%  libc.so.6                            
     1.35%  bpf_prog_039087406ade3dd7_bench_count
     0.32%  afudp-sink                           
     0.06%  [vdso]                               
     0.05%  ld-linux-x86-64.so.2                 
     0.04%  memfd:sealed-91173221a7ea (deleted)  
     0.01%  bpf_dispatcher_xdp                   
--
    15.07%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.26%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     4.03%  [kernel.kallsyms]                      [k] veth_poll
     3.84%  [kernel.kallsyms]                      [k] veth_xmit
     2.92%  [kernel.kallsyms]                      [k] __pi_memcpy
     2.91%  [kernel.kallsyms]                      [k] kmem_cache_free
     2.76%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     2.62%  [kernel.kallsyms]                      [k] net_rx_action
     2.59%  [kernel.kallsyms]                      [k] kfree
     2.34%  [kernel.kallsyms]                      [k] napi_complete_done
     2.15%  libc.so.6                              [.] __libc_sendto
     2.04%  [kernel.kallsyms]                      [k] _raw_spin_lock
     1.86%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
     1.77%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.71%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     1.52%  [kernel.kallsyms]                      [k] _find_next_bit
     1.50%  [kernel.kallsyms]                      [k] __slab_free
     1.40%  [kernel.kallsyms]                      [k] sock_wfree
     1.35%  [kernel.kallsyms]                      [k] napi_schedule_prep
     1.35%  [kernel.kallsyms]                      [k] veth_xdp_rcv_skb
     1.35%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     1.27%  [kernel.kallsyms]                      [k] __dev_direct_xmit
     1.20%  [kernel.kallsyms]                      [k] __alloc_skb
     1.20%  libafudp.so.0.0.0                      [.] send_iov
     1.20%  libc.so.6                              [.] pthread_spin_lock@@GLIBC_2.34
