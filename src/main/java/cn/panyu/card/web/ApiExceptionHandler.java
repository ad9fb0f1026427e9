package cn.panyu.card.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Maps failures of the application's own API to {@link ApiError} bodies in Chinese. Not limited to the
 * application's controllers: a request refused before any controller is chosen (a broken or oversized
 * multipart body, a content type no endpoint takes) must get the same clear answer.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ApiError> forbidden(AccessDeniedException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(new ApiError("FORBIDDEN", e.getMessage()));
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ApiError> notFound(NotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("NOT_FOUND", e.getMessage()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.badRequest().body(new ApiError("BAD_REQUEST", "请求内容不是有效的 JSON"));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
    return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .body(new ApiError("UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型"));
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
    return ResponseEntity.badRequest().body(new ApiError("FILE_TOO_LARGE", "上传的文件过大"));
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ApiError> brokenMultipart(MultipartException e) {
    return ResponseEntity.badRequest().body(new ApiError("BAD_MULTIPART", "上传内容不完整或格式有误，请重新上传"));
  }

  @ExceptionHandler(MissingServletRequestPartException.class)
  ResponseEntity<ApiError> missingPart(MissingServletRequestPartException e) {
    return ResponseEntity.badRequest().body(new ApiError("MISSING_PARAMETER", "缺少必填项：" + e.getRequestPartName()));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
    return ResponseEntity.badRequest().body(new ApiError("MISSING_PARAMETER", "缺少必填项：" + e.getParameterName()));
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<ApiError> status(ResponseStatusException e) {
    return ResponseEntity.status(e.getStatusCode()).body(new ApiError("REQUEST_REFUSED", e.getReason()));
  }

  /** Thrown by services when the user may not do this for that unit (org.UnitAccess says who may). */
  public static class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
      super(message);
    }
  }

  /** Thrown by services when a numbered thing does not exist (or may not be seen). */
  public static class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
      super(message);
    }
  }
}
