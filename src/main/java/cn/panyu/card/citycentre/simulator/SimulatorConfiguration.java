package cn.panyu.card.citycentre.simulator;

import cn.panyu.card.citycentre.CardCentreModel.CentreError;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the simulator into Spring MVC: the faults (latency, 503s) apply to the exchange API under
 * /ccc/v1, never to its admin endpoints under /ccc/v1/_simulator.
 */
@Configuration
@ConditionalOnSimulator
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration implements WebMvcConfigurer {

  private final SimulatorFaults faults;
  private final ObjectMapper json;

  public SimulatorConfiguration(SimulatorFaults faults, ObjectMapper json) {
    this.faults = faults;
    this.json = json;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new FaultInterceptor())
        .addPathPatterns("/ccc/v1/**")
        .excludePathPatterns("/ccc/v1/_simulator/**");
  }

  private final class FaultInterceptor implements HandlerInterceptor {
    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
        throws Exception {
      long latency = faults.current().latency().toMillis();
      if (latency > 0) {
        Thread.sleep(latency); // the simulated slowness itself: the request is still handled afterwards
      }
      if (faults.nextCallFails()) {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), new CentreError("UNAVAILABLE", "市社保卡管理中心暂时无法处理（模拟故障）"));
        return false;
      }
      return true;
    }
  }
}
