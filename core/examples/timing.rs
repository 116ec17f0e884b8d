fn main() {
    let body = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let body = body.trim_end();
    let n = 200_000;
    for variant in 0..3 {
        let t = std::time::Instant::now();
        for _ in 0..n {
            match variant {
                0 => {
                    std::hint::black_box(jobs_core::validate_submit_job(std::hint::black_box(body)).is_ok());
                }
                1 => {
                    std::hint::black_box(jobs_core::pyjson::check(std::hint::black_box(body)).is_ok());
                }
                _ => {
                    std::hint::black_box(
                        url::Url::parse(std::hint::black_box("https://hooks.example.org/jobs?token=abc")).is_ok(),
                    );
                }
            }
        }
        println!("variant {variant}: {:.3} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
}
