    96.58%  [kernel.kallsyms]                  
     1.99%  bpf_prog_721128825aa5fb37_bench_gen
     1.08%  bpf_prog_86fd84f7aed8d530_bench_xsk
     0.15%  bpf_dispatcher_xdp                 
     0.12%  ld-linux-x86-64.so.2               
     0.05%  libc.so.6                          
     0.02%  memfd:sealed-91173221a7ea (deleted)
--
    25.65%  [kernel.kallsyms]                    [k] pvm_irq_enable
    16.45%  [kernel.kallsyms]                    [k] __pi_memcpy
    15.61%  [kernel.kallsyms]                    [k] _raw_spin_lock
    10.13%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     4.82%  [kernel.kallsyms]                    [k] xp_alloc
     2.19%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     2.19%  [kernel.kallsyms]                    [k] __xsk_rcv_zc
     2.14%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     2.11%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     1.99%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     1.25%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.16%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.08%  bpf_prog_86fd84f7aed8d530_bench_xsk  [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     0.98%  [kernel.kallsyms]                    [k] page_pool_alloc_pages
     0.93%  [kernel.kallsyms]                    [k] sock_def_readable
     0.89%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     0.86%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.84%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.71%  [kernel.kallsyms]                    [k] bq_enqueue
     0.71%  [kernel.kallsyms]                    [k] veth_poll
     0.71%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.64%  [kernel.kallsyms]                    [k] dev_get_by_index_rcu
     0.47%  [kernel.kallsyms]                    [k] net_rx_action
     0.39%  [kernel.kallsyms]                    [k] xsk_map_redirect
     0.37%  [kernel.kallsyms]                    [k] bq_xmit_all
