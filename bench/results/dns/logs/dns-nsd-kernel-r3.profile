    78.79%  [kernel.kallsyms]                              
    13.44%  libc.so.6                                      
     7.44%  nsd                                            
     0.23%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.07%  libevent-2.1.so.7.0.1                          
     0.02%  [vdso]                                         
     0.01%  bpf_dispatcher_xdp                             
--
    20.21%  [kernel.kallsyms]                                [k] pvm_irq_enable
     7.59%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     7.25%  libc.so.6                                        [.] __libc_sendto
     6.02%  libc.so.6                                        [.] __libc_recvfrom
     5.32%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     3.52%  [kernel.kallsyms]                                [k] fdget
     2.75%  [kernel.kallsyms]                                [k] page_frag_free
     2.39%  [kernel.kallsyms]                                [k] lookup_nulls_elem_raw
     1.87%  [kernel.kallsyms]                                [k] __check_object_size
     1.69%  [kernel.kallsyms]                                [k] veth_xmit
     1.59%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
     1.28%  [kernel.kallsyms]                                [k] fib_table_lookup
     1.15%  [kernel.kallsyms]                                [k] csum_partial_copy_generic
     1.13%  [kernel.kallsyms]                                [k] ip_finish_output2
     1.12%  [kernel.kallsyms]                                [k] sock_def_readable
     1.12%  nsd                                              [.] 0x0000000000057cce
     1.04%  [kernel.kallsyms]                                [k] skb_pp_cow_data
     1.00%  [kernel.kallsyms]                                [k] __pi_memcpy
     0.99%  [kernel.kallsyms]                                [k] __sys_sendto
     0.95%  [kernel.kallsyms]                                [k] __virt_addr_valid
     0.95%  [kernel.kallsyms]                                [k] xp_alloc
     0.94%  [kernel.kallsyms]                                [k] fib_lookup_good_nhc
     0.89%  [kernel.kallsyms]                                [k] pvclock_clocksource_read_nowd
     0.85%  [kernel.kallsyms]                                [k] sock_wfree
     0.83%  nsd                                              [.] 0x0000000000057da7
