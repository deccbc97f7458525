    98.15%  [kernel.kallsyms]                    
     1.02%  libc.so.6                            
     0.69%  bpf_prog_039087406ade3dd7_bench_count
     0.11%  kernel-sink                          
     0.02%  [vdso]                               
--
     4.00%  [kernel.kallsyms]                      [k] pvm_irq_enable
     3.53%  [kernel.kallsyms]                      [k] veth_xmit
     3.24%  [kernel.kallsyms]                      [k] veth_poll
     3.09%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     3.08%  [kernel.kallsyms]                      [k] pvclock_clocksource_read_nowd
     2.89%  [kernel.kallsyms]                      [k] sock_wfree
     2.58%  [kernel.kallsyms]                      [k] __ip_append_data
     2.42%  [kernel.kallsyms]                      [k] __rcu_read_lock
     2.35%  [kernel.kallsyms]                      [k] __ip_make_skb
     2.29%  [kernel.kallsyms]                      [k] udp_sendmsg
     2.16%  [kernel.kallsyms]                      [k] kfree
     2.03%  [kernel.kallsyms]                      [k] net_rx_action
     1.78%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.62%  [kernel.kallsyms]                      [k] kvm_clock_get_cycles
     1.61%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.54%  [kernel.kallsyms]                      [k] __rcu_read_unlock
     1.40%  [kernel.kallsyms]                      [k] copy_from_kernel_nofault
     1.38%  [kernel.kallsyms]                      [k] ip_finish_output2
     1.32%  [kernel.kallsyms]                      [k] ___sys_sendmsg
     1.26%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.26%  [kernel.kallsyms]                      [k] udp_send_skb
     1.19%  [kernel.kallsyms]                      [k] skb_set_owner_w
     1.13%  [kernel.kallsyms]                      [k] __alloc_skb
     1.12%  [kernel.kallsyms]                      [k] __bpf_prog_enter_recur
     1.08%  [kernel.kallsyms]                      [k] csum_and_copy_from_user
