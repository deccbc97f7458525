    92.19%  [kernel.kallsyms]                  
     5.13%  bpf_prog_721128825aa5fb37_bench_gen
     2.26%  bpf_prog_86fd84f7aed8d530_bench_xsk
     0.27%  bpf_dispatcher_xdp                 
     0.07%  libc.so.6                          
     0.05%  memfd:sealed-91173221a7ea (deleted)
     0.02%  xsk-raw                            
--
    25.98%  [kernel.kallsyms]                    [k] _raw_spin_lock
    17.36%  [kernel.kallsyms]                    [k] __xsk_rcv
    14.95%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     5.13%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     3.83%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     3.66%  [kernel.kallsyms]                    [k] __pi_memcpy
     3.46%  [kernel.kallsyms]                    [k] xp_alloc
     3.36%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     2.26%  bpf_prog_86fd84f7aed8d530_bench_xsk  [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     1.84%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.77%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.57%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     1.55%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     1.42%  [kernel.kallsyms]                    [k] xdp_do_redirect
     1.18%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.08%  [kernel.kallsyms]                    [k] bq_enqueue
     0.98%  [kernel.kallsyms]                    [k] __xdp_return
     0.93%  [kernel.kallsyms]                    [k] xsk_map_redirect
     0.81%  [kernel.kallsyms]                    [k] dev_xdp_enqueue
     0.81%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.56%  [kernel.kallsyms]                    [k] page_pool_alloc_pages
     0.54%  [kernel.kallsyms]                    [k] xdp_return_frame
     0.47%  [kernel.kallsyms]                    [k] veth_poll
     0.44%  [kernel.kallsyms]                    [k] __rcu_read_lock
     0.42%  [kernel.kallsyms]                    [k] bq_xmit_all
