pub fn add(a: u64, b: u64) -> u64 {
    a + b
}
///Submits `add` as a task: `add::remote(..)` with the defaults of its `#[task]` attribute, or `add::options()...remote(..)`.
pub mod add {
    #[allow(unused_imports)]
    use super::*;
    #[allow(dead_code)]
    fn __actor_checks() {
        #[allow(unused_imports)]
        use ::actor_core::__private::{CrossesFallback as _, CrossesViaTraits as _};
        ::actor_core::__private::assert_argument::<
            ::actor_core::__private::Local,
            u64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Local,
                u64,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_argument::<
            ::actor_core::__private::Local,
            u64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Local,
                u64,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_return::<
            ::actor_core::__private::Local,
            u64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Local,
                u64,
            >::new())
                .probe(),
        );
    }
    ///Submits a call of `add` and returns at once with an `ObjectRef` to its value.
    pub fn remote(
        a: impl ::actor_core::__private::IntoArg<u64>,
        b: impl ::actor_core::__private::IntoArg<u64>,
    ) -> ::actor_core::__private::ObjectRef<u64> {
        options().remote(a, b)
    }
    /// A builder to submit this task with other resources or retries.
    pub fn options() -> Options {
        Options {
            options: <::actor_core::__private::TaskOptions as ::core::default::Default>::default()
                .num_cpus(2.0)
                .max_retries(1),
        }
    }
    /// The options of one submission of this task.
    #[derive(Clone, Debug)]
    pub struct Options {
        options: ::actor_core::__private::TaskOptions,
    }
    impl Options {
        ::actor_core::__private::task_option_builders!();
        ///Submits a call of `add` and returns at once with an `ObjectRef` to its value.
        pub fn remote(
            self,
            a: impl ::actor_core::__private::IntoArg<u64>,
            b: impl ::actor_core::__private::IntoArg<u64>,
        ) -> ::actor_core::__private::ObjectRef<u64> {
            let __actor_make_args = {
                use ::actor_core::__private::{CloneArgs as _, OnceArgs as _};
                (&&::actor_core::__private::KeptArgsProbe::<(u64, u64)>::new()).make()
            };
            match (
                ::actor_core::__private::IntoArg::into_arg(a),
                ::actor_core::__private::IntoArg::into_arg(b),
            ) {
                (
                    ::actor_core::__private::Arg::Value(a),
                    ::actor_core::__private::Arg::Value(b),
                ) => {
                    ::actor_core::__private::submit_task(
                        self.options,
                        "add",
                        __actor_make_args((a, b)),
                        |(a, b)| super::add(a, b),
                    )
                }
                (a, b) => {
                    ::actor_core::__private::submit_task_after(
                        self.options,
                        "add",
                        async move {
                            ::core::result::Result::Ok::<
                                _,
                                ::actor_core::__private::Error,
                            >((
                                ::actor_core::__private::Arg::resolve(a).await?,
                                ::actor_core::__private::Arg::resolve(b).await?,
                            ))
                        },
                        __actor_make_args,
                        |(a, b)| super::add(a, b),
                    )
                }
            }
        }
    }
}
