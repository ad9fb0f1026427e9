package cn.panyu.card.org;

import cn.panyu.card.web.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The organisation: any signed-in user lists the units; administrators import villages. */
@RestController
@RequestMapping("/api/org-units")
public class OrgUnitController {

  private final OrgUnitRepository units;
  private final UnitAccess access;
  private final VillageImport villageImport;

  public OrgUnitController(OrgUnitRepository units, UnitAccess access, VillageImport villageImport) {
    this.units = units;
    this.access = access;
    this.villageImport = villageImport;
  }

  @GetMapping
  public List<OrgUnit> list() {
    access.current();
    return units.findAll();
  }

  /** Multipart {@code file}: CSV {@code code,name,town_code}; 200 with what was created and refused. */
  @PostMapping(path = "/villages", consumes = "multipart/form-data")
  public VillageImport.Result importVillages(@RequestParam("file") MultipartFile file) throws IOException {
    access.requireAdmin();
    try (InputStream in = file.getInputStream()) {
      return villageImport.importCsv(in);
    }
  }

  @ExceptionHandler(VillageImport.BadFileException.class)
  ResponseEntity<ApiError> badFile(VillageImport.BadFileException e) {
    return ResponseEntity.badRequest().body(new ApiError("FILE_HEADER", e.getMessage()));
  }
}
