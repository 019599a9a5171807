/// The program.
fn main() {
    ::actor_core::__private::enter_main(move || -> () {
        {
            println!("hello");
        }
    })
}
fn main() -> Result<(), Error> {
    ::actor_core::__private::enter_main(move || -> Result<(), Error> {
        ::actor_core::__private::block_on_main::<
            Result<(), Error>,
        >(async move {
            work().await?;
            Ok(())
        })
    })
}
