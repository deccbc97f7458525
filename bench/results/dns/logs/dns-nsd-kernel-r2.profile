    77.84%  [kernel.kallsyms]                              
    13.97%  libc.so.6                                      
     7.98%  nsd                                            
     0.10%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.09%  libevent-2.1.so.7.0.1                          
     0.01%  [vdso]                                         
     0.01%  perf                                           
     0.00%  bpf_dispatcher_xdp                             
--
    21.44%  [kernel.kallsyms]                                [k] pvm_irq_enable
     7.56%  libc.so.6                                        [.] __libc_sendto
     6.20%  libc.so.6                                        [.] __libc_recvfrom
     5.33%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     4.01%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     3.77%  [kernel.kallsyms]                                [k] fdget
     3.15%  [kernel.kallsyms]                                [k] page_frag_free
     2.47%  [kernel.kallsyms]                                [k] lookup_nulls_elem_raw
     2.02%  [kernel.kallsyms]                                [k] __check_object_size
     1.62%  [kernel.kallsyms]                                [k] veth_xmit
     1.50%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
     1.29%  [kernel.kallsyms]                                [k] ip_finish_output2
     1.28%  [kernel.kallsyms]                                [k] csum_partial_copy_generic
     1.08%  [kernel.kallsyms]                                [k] sock_def_readable
     1.07%  nsd                                              [.] 0x0000000000057cce
     1.06%  [kernel.kallsyms]                                [k] __ip_dev_find
     1.06%  [kernel.kallsyms]                                [k] skb_pp_cow_data
     1.04%  [kernel.kallsyms]                                [k] pvclock_clocksource_read_nowd
     1.02%  [kernel.kallsyms]                                [k] __sys_sendto
     1.01%  [kernel.kallsyms]                                [k] sock_wfree
     0.95%  [kernel.kallsyms]                                [k] __virt_addr_valid
     0.91%  nsd                                              [.] 0x0000000000057da7
     0.88%  [kernel.kallsyms]                                [k] __ip_select_ident
     0.85%  [kernel.kallsyms]                                [k] __pi_memcpy
     0.82%  [kernel.kallsyms]                                [k] fib_table_lookup
