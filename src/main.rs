fn main() {
    println!("conform: under construction");
}
