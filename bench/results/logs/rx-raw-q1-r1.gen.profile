    96.16%  [kernel.kallsyms]                  
     2.44%  bpf_prog_721128825aa5fb37_bench_gen
     1.27%  bpf_prog_86fd84f7aed8d530_bench_xsk
     0.09%  bpf_dispatcher_xdp                 
     0.02%  ld-linux-x86-64.so.2               
     0.02%  libc.so.6                          
--
    29.14%  [kernel.kallsyms]                    [k] _raw_spin_lock
    19.50%  [kernel.kallsyms]                    [k] pvm_irq_enable
    14.34%  [kernel.kallsyms]                    [k] __pi_memcpy
     6.40%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     3.19%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     2.76%  [kernel.kallsyms]                    [k] __xsk_rcv_zc
     2.44%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     2.28%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     2.27%  [kernel.kallsyms]                    [k] xp_alloc
     1.72%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.61%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.27%  bpf_prog_86fd84f7aed8d530_bench_xsk  [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     1.05%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.02%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.99%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.89%  [kernel.kallsyms]                    [k] sock_def_readable
     0.81%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     0.76%  [kernel.kallsyms]                    [k] veth_poll
     0.72%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.70%  [kernel.kallsyms]                    [k] __xdp_return
     0.55%  [kernel.kallsyms]                    [k] xsk_map_redirect
     0.46%  [kernel.kallsyms]                    [k] bq_enqueue
     0.44%  [kernel.kallsyms]                    [k] xdp_return_buff
     0.41%  [kernel.kallsyms]                    [k] dev_xdp_enqueue
     0.41%  [kernel.kallsyms]                    [k] net_rx_action
