package bench.hello;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A naive Spring Boot web application: what a new user gets from start.spring.io with "Spring Web". */
@SpringBootApplication
@RestController
public class HelloApplication {

    record Hello(String message, String city) {
    }

    @GetMapping("/hello")
    Hello hello(@RequestParam(defaultValue = "beijing") String city) {
        return new Hello("hello", city);
    }

    public static void main(String[] args) {
        SpringApplication.run(HelloApplication.class, args);
    }

}
