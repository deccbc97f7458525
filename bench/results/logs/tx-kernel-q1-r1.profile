    97.96%  [kernel.kallsyms]                    
     1.41%  libc.so.6                            
     0.43%  bpf_prog_039087406ade3dd7_bench_count
     0.18%  kernel-sink                          
     0.03%  [vdso]                               
--
     3.80%  [kernel.kallsyms]                      [k] pvm_irq_enable
     3.70%  [kernel.kallsyms]                      [k] veth_poll
     3.65%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     3.35%  [kernel.kallsyms]                      [k] veth_xmit
     3.00%  [kernel.kallsyms]                      [k] pvclock_clocksource_read_nowd
     2.89%  [kernel.kallsyms]                      [k] __ip_append_data
     2.72%  [kernel.kallsyms]                      [k] sock_wfree
     2.62%  [kernel.kallsyms]                      [k] __ip_make_skb
     2.49%  [kernel.kallsyms]                      [k] udp_sendmsg
     2.39%  [kernel.kallsyms]                      [k] kfree
     1.94%  [kernel.kallsyms]                      [k] __rcu_read_unlock
     1.86%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.84%  [kernel.kallsyms]                      [k] net_rx_action
     1.79%  [kernel.kallsyms]                      [k] __rcu_read_lock
     1.69%  [kernel.kallsyms]                      [k] ip_finish_output2
     1.61%  [kernel.kallsyms]                      [k] kvm_clock_get_cycles
     1.56%  [kernel.kallsyms]                      [k] copy_from_kernel_nofault
     1.41%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.41%  [kernel.kallsyms]                      [k] napi_complete_done
     1.31%  [kernel.kallsyms]                      [k] __bpf_prog_enter_recur
     1.28%  [kernel.kallsyms]                      [k] udp_send_skb
     1.26%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.23%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.18%  [kernel.kallsyms]                      [k] ___sys_sendmsg
     1.18%  libc.so.6                              [.] __sendmmsg
