    99.65%  [kernel.kallsyms]   
     0.29%  libc.so.6           
     0.02%  kernel-sink         
     0.01%  ld-linux-x86-64.so.2
     0.01%  libbpf.so.1.1.2     
     0.01%  [vdso]              
     0.01%  bench-gen           
     0.01%  perf                
--
    97.51%  [kernel.kallsyms]     [k] pvm_safe_halt_hc
     1.37%  [kernel.kallsyms]     [k] pvm_irq_enable
     0.16%  libc.so.6             [.] clock_nanosleep@GLIBC_2.2.5
     0.08%  [kernel.kallsyms]     [k] damon_pa_batch_lock
     0.06%  [kernel.kallsyms]     [k] update_sd_lb_stats.constprop.0
     0.04%  [kernel.kallsyms]     [k] __get_user_8
     0.04%  libc.so.6             [.] clock_gettime@@GLIBC_2.17
     0.03%  [kernel.kallsyms]     [k] copy_folio_from_iter_atomic
     0.03%  [kernel.kallsyms]     [k] update_group_capacity
     0.03%  libc.so.6             [.] __vfprintf_internal
     0.02%  [kernel.kallsyms]     [k] __damon_get_folio
     0.02%  [kernel.kallsyms]     [k] _copy_from_user
     0.02%  [kernel.kallsyms]     [k] sched_balance_rq
     0.02%  libc.so.6             [.] __nanosleep
     0.01%  [kernel.kallsyms]     [k] __pti_set_user_pgtbl
     0.01%  [kernel.kallsyms]     [k] __raw_callee_save_pvm_irq_enable
     0.01%  [kernel.kallsyms]     [k] common_nsleep
     0.01%  [kernel.kallsyms]     [k] do_idle
     0.01%  [kernel.kallsyms]     [k] down_read_trylock
     0.01%  [kernel.kallsyms]     [k] elf_load
     0.01%  [kernel.kallsyms]     [k] handle_softirqs
     0.01%  [kernel.kallsyms]     [k] kmem_cache_alloc_noprof
     0.01%  [kernel.kallsyms]     [k] kmem_cache_free
     0.01%  [kernel.kallsyms]     [k] native_set_pud
     0.01%  [kernel.kallsyms]     [k] ptep_test_and_clear_young
